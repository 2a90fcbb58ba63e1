package io.rolestack.health.jenkins;

import io.rolestack.patch.jenkins.RolestackPatchStep;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The views of rolestackHealth, rolestackHeal and rolestackPatch in a real Jenkins: each step through its
 * config.jelly and back (StepConfigTester) comes back equal, and the snippet generated from the result is the
 * expected one (SnippetizerTester); unchecked boxes (restart, reportOnly, dryRun) add nothing to it.
 */
@WithJenkins
class HealthStepViewsTest {
    private static final String SPEC = "examples/platform-openstack.yaml";

    @Test
    void healthThresholdsReportAndRestartSurviveTheForm(JenkinsRule j) throws Exception {
        RolestackHealthStep h = new RolestackHealthStep(SPEC);
        h.setDiskPercent(80);
        h.setInodePercent(85);
        h.setMemoryAvailablePercent(10);
        h.setMaxLagSeconds(30);
        h.setJunit("health.xml");
        h.setRestart(true);
        h.setRestartIntervalMinutes(20);
        h.setUnstableOnFailure(true);
        RolestackHealthStep after = new StepConfigTester(j).configRoundTrip(h);
        j.assertEqualDataBoundBeans(h, after);
        new SnippetizerTester(j).assertRoundTrip(after, "rolestackHealth diskPercent: 80, inodePercent: 85, junit: 'health.xml', "
                + "maxLagSeconds: 30, memoryAvailablePercent: 10, restart: true, restartIntervalMinutes: 20, spec: '" + SPEC
                + "', unstableOnFailure: true");
    }

    @Test
    void healthReportOnlyAndAnUntouchedForm(JenkinsRule j) throws Exception {
        RolestackHealthStep reportOnly = new RolestackHealthStep(SPEC);
        reportOnly.setReportOnly(true);
        RolestackHealthStep after = new StepConfigTester(j).configRoundTrip(reportOnly);
        j.assertEqualDataBoundBeans(reportOnly, after);
        new SnippetizerTester(j).assertRoundTrip(after, "rolestackHealth reportOnly: true, spec: '" + SPEC + "'");

        RolestackHealthStep plain = new StepConfigTester(j).configRoundTrip(new RolestackHealthStep(SPEC));
        new SnippetizerTester(j).assertRoundTrip(plain, "rolestackHealth '" + SPEC + "'");
    }

    @Test
    void healLimitsAndDurationsSurviveTheForm(JenkinsRule j) throws Exception {
        RolestackHealStep heal = new RolestackHealStep(SPEC);
        heal.setAttempts(5);
        heal.setEvery("30s");
        heal.setMaxReboots(0);
        heal.setMinInterval("2h");
        heal.setProbeTimeout("5s");
        heal.setBackTimeout("15m");
        RolestackHealStep after = new StepConfigTester(j).configRoundTrip(heal);
        j.assertEqualDataBoundBeans(heal, after);
        new SnippetizerTester(j).assertRoundTrip(after, "rolestackHeal attempts: 5, backTimeout: '15m', every: '30s', "
                + "maxReboots: 0, minInterval: '2h', probeTimeout: '5s', spec: '" + SPEC + "'");
    }

    @Test
    void patchOptionsSurviveTheFormAndAnUncheckedDryRunAddsNothing(JenkinsRule j) throws Exception {
        RolestackPatchStep patch = new RolestackPatchStep(SPEC);
        patch.setDryRun(true);
        patch.setJunit("patch.xml");
        patch.setHealthTimeoutSeconds(600);
        patch.setDpkgLockWaitSeconds(0);
        patch.setLimit("app");
        RolestackPatchStep after = new StepConfigTester(j).configRoundTrip(patch);
        j.assertEqualDataBoundBeans(patch, after);
        new SnippetizerTester(j).assertRoundTrip(after, "rolestackPatch dpkgLockWaitSeconds: 0, dryRun: true, "
                + "healthTimeoutSeconds: 600, junit: 'patch.xml', limit: 'app', spec: '" + SPEC + "'");

        RolestackPatchStep plain = new StepConfigTester(j).configRoundTrip(new RolestackPatchStep(SPEC));
        new SnippetizerTester(j).assertRoundTrip(plain, "rolestackPatch '" + SPEC + "'");
    }
}
