package io.rolestack.vm.jenkins;

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
class RolestackVmStepTest {
    /** The example local-hosts spec, as a job would have it in its workspace. */
    static void spec(FilePath workspace) throws Exception {
        workspace.child("p.yaml").write(Files.readString(Path.of("../../examples/platform-local.yaml")), StandardCharsets.UTF_8.name());
    }

    @Test
    void deleteNeedsHosts(JenkinsRule j) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "vm");
        job.setDefinition(new CpsFlowDefinition("node { rolestackVm spec: \"p.yaml\", action: \"delete\" }", true));
        spec(j.jenkins.getWorkspaceFor(job));
        j.assertLogContains("rolestackVm: argument 'hosts' is required for action 'delete'",
                j.buildAndAssertStatus(Result.FAILURE, job));
    }
}
