package io.rolestack.app.jenkins;

import hudson.model.Result;
import hudson.util.FormValidation;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rolestackAppDeploy bound into a real Jenkins: bad input refused before any host, its view's round trip, the
 * form's checks. Deploys themselves are tested by the platform's AppDeployOnLocalHostsIT.
 */
@WithJenkins
class RolestackAppDeployStepTest {
    private static final String SPEC = "examples/platform-openstack.yaml";
    private static final String RELEASE = "0123456789abcdef";

    private static WorkflowJob job(JenkinsRule j, String name, String script) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition("node { " + script + " }", true));
        // A local-hosts spec without apps, as a job would have it in its workspace (the examples have apps).
        j.jenkins.getWorkspaceFor(job).child("p.yaml").write("""
                environment: noapps
                domain: wpdn
                provider: { type: local }
                jump: jump.noapps.wpdn
                hosts: [app1, frontend1]
                """, StandardCharsets.UTF_8.name());
        return job;
    }

    @Test
    void aSpecWithoutAppsFailsTheStepAsBadInputEvenWhenUnstableOnFailure(JenkinsRule j) throws Exception {
        WorkflowJob job = job(j, "deploy", "rolestackAppDeploy spec: \"p.yaml\", unstableOnFailure: true");
        j.assertLogContains("has no apps", j.buildAndAssertStatus(Result.FAILURE, job));
    }

    @Test
    void aLimitIsRefusedNamingTheArgument(JenkinsRule j) throws Exception {
        WorkflowJob job = job(j, "limit", "rolestackAppDeploy spec: \"p.yaml\", limit: \"app1\"");
        j.assertLogContains("rolestackAppDeploy: argument 'limit' is not for rolestackAppDeploy",
                j.buildAndAssertStatus(Result.FAILURE, job));
    }

    /** deploy is the default action and is kept as unset: the snippet is just the spec. */
    @Test
    void aDefaultDeployGivesJustTheSpec(JenkinsRule j) throws Exception {
        RolestackAppDeployStep s = new RolestackAppDeployStep(SPEC);
        RolestackAppDeployStep after = new StepConfigTester(j).configRoundTrip(s);
        j.assertEqualDataBoundBeans(s, after);
        new SnippetizerTester(j).assertRoundTrip(after, "rolestackAppDeploy '" + SPEC + "'");
    }

    @Test
    void aRollbackOfOneAppToOneReleaseSurvivesTheForm(JenkinsRule j) throws Exception {
        RolestackAppDeployStep s = new RolestackAppDeployStep(SPEC);
        s.setAction("rollback");
        s.setApp("wordpress");
        s.setTo(RELEASE);
        s.setHealthTimeoutSeconds(60);
        s.setJsonFile("app-rollback.json");
        RolestackAppDeployStep after = new StepConfigTester(j).configRoundTrip(s);
        j.assertEqualDataBoundBeans(s, after);
        new SnippetizerTester(j).assertRoundTrip(after, "rolestackAppDeploy action: 'rollback', app: 'wordpress', "
                + "healthTimeoutSeconds: 60, jsonFile: 'app-rollback.json', spec: '" + SPEC + "', to: '" + RELEASE + "'");
    }

    @Test
    void theFormChecksTheSpecTheTimeoutAndTheReleaseId(JenkinsRule j) {
        RolestackAppDeployStep.DescriptorImpl d = j.jenkins.getDescriptorByType(RolestackAppDeployStep.DescriptorImpl.class);
        assertEquals(FormValidation.Kind.OK, d.doCheckSpec(SPEC).kind);
        assertEquals(FormValidation.Kind.ERROR, d.doCheckSpec("/etc/p.yaml").kind);
        assertTrue(d.doCheckSpec("../p.yaml").getMessage().contains("leaves the workspace"), d.doCheckSpec("../p.yaml").getMessage());
        assertTrue(d.doCheckSpec("").getMessage().contains("spec is required"), d.doCheckSpec("").getMessage());
        assertEquals(FormValidation.Kind.OK, d.doCheckHealthTimeoutSeconds("").kind);
        assertEquals(FormValidation.Kind.OK, d.doCheckHealthTimeoutSeconds("3600").kind);
        assertTrue(d.doCheckHealthTimeoutSeconds("0").getMessage().contains("between 1 and 3600"), d.doCheckHealthTimeoutSeconds("0").getMessage());
        assertEquals(FormValidation.Kind.ERROR, d.doCheckHealthTimeoutSeconds("ten").kind);
        assertEquals(FormValidation.Kind.OK, d.doCheckTo(RELEASE).kind);
        assertTrue(d.doCheckTo("latest").getMessage().contains("is not a release id"), d.doCheckTo("latest").getMessage());
    }
}
