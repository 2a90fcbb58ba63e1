package io.rolestack.health.jenkins;

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
 * The step bound into a real Jenkins: arguments and credentials in, the bridge's
 * PlatformCall on the agent, the verdict out. Only requests the platform refuses
 * before reaching any host, so no OpenStack or local hosts are needed here; the
 * platform's own *IT tests cover the hosts.
 */
@WithJenkins
class RolestackHealthStepTest {
    /** The example local-hosts spec, as a job would have it in its workspace. */
    static void spec(FilePath workspace) throws Exception {
        workspace.child("p.yaml").write(Files.readString(Path.of("../../examples/platform-local.yaml")), StandardCharsets.UTF_8.name());
    }

    @Test
    void aBadThresholdFailsNamingTheArgumentEvenWhenUnstableOnFailure(JenkinsRule j) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "health");
        job.setDefinition(new CpsFlowDefinition("node {\n"
                + "  rolestackHealth spec: \"p.yaml\", diskPercent: 0, unstableOnFailure: true\n"
                + "}", true));
        spec(j.jenkins.getWorkspaceFor(job));
        j.assertLogContains("rolestackHealth: argument 'diskPercent' must be 1..100, was 0",
                j.buildAndAssertStatus(Result.FAILURE, job));
    }

    @Test
    void aLimitMatchingNoHostFailsOnTheAgentAndLeavesNoEarlierReport(JenkinsRule j) throws Exception {
        DumbSlave agent = j.createOnlineSlave(Label.get("deploy-agent"));
        WorkflowJob job = j.createProject(WorkflowJob.class, "health-limit");
        job.setDefinition(new CpsFlowDefinition("node(\"deploy-agent\") {\n"
                + "  rolestackHealth spec: \"p.yaml\", limit: \"nosuch\", junit: \"reports/health.xml\"\n"
                + "}", true));
        FilePath workspace = agent.getWorkspaceFor(job);
        spec(workspace);
        workspace.child("reports/health.xml").write("<testsuite name=\"earlier build\"/>", StandardCharsets.UTF_8.name());
        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);
        j.assertLogContains("rolestackHealth: --limit nosuch matches no host", run);
        assertFalse(workspace.child("reports/health.xml").exists(), "an earlier build's report is not this build's");
    }
}
