package io.rolestack.patch.jenkins;

import hudson.FilePath;
import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The step bound into a real Jenkins: arguments in, the bridge's PlatformCall on
 * the agent, the verdict out. Only requests the platform refuses before reaching
 * any host, so no OpenStack or local hosts are needed here; PatchOnLocalHostsIT
 * covers the hosts.
 */
@WithJenkins
class RolestackPatchStepTest {
    /** The example local-hosts spec, as a job would have it in its workspace. */
    static void spec(FilePath workspace) throws Exception {
        workspace.child("p.yaml").write(Files.readString(Path.of("../../examples/platform-local.yaml")), StandardCharsets.UTF_8.name());
    }

    @Test
    void aBadTimeoutFailsNamingTheArgumentEvenWhenUnstableOnFailure(JenkinsRule j) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "patch");
        job.setDefinition(new CpsFlowDefinition("node {\n"
                + "  rolestackPatch spec: \"p.yaml\", healthTimeoutSeconds: 0, unstableOnFailure: true\n"
                + "}", true));
        spec(j.jenkins.getWorkspaceFor(job));
        j.assertLogContains("rolestackPatch: argument 'healthTimeoutSeconds' must be between 1 and 86400 seconds, was 0",
                j.buildAndAssertStatus(Result.FAILURE, job));
    }

    @Test
    void aDryRunWithALimitMatchingNoHostFailsOnTheAgentAndLeavesNoEarlierReport(JenkinsRule j) throws Exception {
        DumbSlave agent = j.createOnlineSlave(Label.get("deploy-agent"));
        WorkflowJob job = j.createProject(WorkflowJob.class, "patch-limit");
        job.setDefinition(new CpsFlowDefinition("node(\"deploy-agent\") {\n"
                + "  rolestackPatch spec: \"p.yaml\", dryRun: true, limit: \"nosuch\", junit: \"reports/patch.xml\"\n"
                + "}", true));
        FilePath workspace = agent.getWorkspaceFor(job);
        spec(workspace);
        workspace.child("reports/patch.xml").write("<testsuite name=\"earlier build\"/>", StandardCharsets.UTF_8.name());
        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);
        j.assertLogContains("rolestackPatch: patch -f p.yaml --limit nosuch --dry-run --junit reports/patch.xml", run);
        j.assertLogContains("rolestackPatch: --limit nosuch matches no host", run);
        assertFalse(workspace.child("reports/patch.xml").exists(), "an earlier build's report is not this build's");
    }
}
