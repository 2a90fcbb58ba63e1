package io.rolestack.mariadb.jenkins;

import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * rolestackDb's view in a real Jenkins: through its config.jelly and back (StepConfigTester), the action from
 * the descriptor's drop-down, and the snippet generated from the result (SnippetizerTester).
 */
@WithJenkins
class RolestackDbStepViewsTest {
    private static final String SPEC = "examples/platform-openstack.yaml";

    @Test
    void switchoverTargetAndTimeoutSurviveTheForm(JenkinsRule j) throws Exception {
        RolestackDbStep db = new RolestackDbStep(SPEC, "switchover");
        db.setTo("db2");
        db.setTimeoutSeconds(120);
        db.setJsonFile("switchover.json");
        RolestackDbStep after = new StepConfigTester(j).configRoundTrip(db);
        j.assertEqualDataBoundBeans(db, after);
        new SnippetizerTester(j).assertRoundTrip(after, "rolestackDb action: 'switchover', jsonFile: 'switchover.json', "
                + "spec: '" + SPEC + "', timeoutSeconds: 120, to: 'db2'");
    }

    @Test
    void statusWithoutOptions(JenkinsRule j) throws Exception {
        RolestackDbStep db = new RolestackDbStep(SPEC, "status");
        RolestackDbStep after = new StepConfigTester(j).configRoundTrip(db);
        j.assertEqualDataBoundBeans(db, after);
        new SnippetizerTester(j).assertRoundTrip(after, "rolestackDb action: 'status', spec: '" + SPEC + "'");
    }
}
