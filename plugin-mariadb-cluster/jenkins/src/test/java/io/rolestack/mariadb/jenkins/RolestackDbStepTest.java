package io.rolestack.mariadb.jenkins;

import hudson.FilePath;
import hudson.model.Result;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The step bound into a real Jenkins: arguments and credentials in, the bridge's
 * PlatformCall on the agent, the verdict out. Only requests the platform refuses
 * before reaching any host, so no OpenStack or local hosts are needed here; the
 * platform's own *IT tests cover the hosts.
 */
@WithJenkins
class RolestackDbStepTest {
    /** The example local-hosts spec, as a job would have it in its workspace. */
    static void spec(FilePath workspace) throws Exception {
        workspace.child("p.yaml").write(Files.readString(Path.of("../../examples/platform-local.yaml")), StandardCharsets.UTF_8.name());
    }

    @Test
    void anUnknownActionFailsNamingTheArgument(JenkinsRule j) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "db");
        job.setDefinition(new CpsFlowDefinition("node { rolestackDb spec: \"p.yaml\", action: \"backup\" }", true));
        spec(j.jenkins.getWorkspaceFor(job));
        j.assertLogContains("rolestackDb: argument 'action' is 'backup', not one of replicate, status, switchover",
                j.buildAndAssertStatus(Result.FAILURE, job));
    }

    @Test
    void aSwitchoverToAHostNotInTheSpecIsRefused(JenkinsRule j) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "switchover");
        job.setDefinition(new CpsFlowDefinition("node { rolestackDb spec: \"p.yaml\", action: \"switchover\", to: \"db9\" }", true));
        spec(j.jenkins.getWorkspaceFor(job));
        j.assertLogContains("'db9' is not a host of", j.buildAndAssertStatus(Result.FAILURE, job));
    }
}
