package io.rolestack.role.jenkins;

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

/**
 * The step bound into a real Jenkins: arguments and credentials in, the bridge's
 * PlatformCall on the agent, the verdict out. Only requests the platform refuses
 * before reaching any host, so no OpenStack or local hosts are needed here; the
 * platform's own *IT tests cover the hosts.
 */
@WithJenkins
class RolestackPlanStepTest {
    /** The example local-hosts spec, as a job would have it in its workspace. */
    static void spec(FilePath workspace) throws Exception {
        workspace.child("p.yaml").write(Files.readString(Path.of("../../examples/platform-local.yaml")), StandardCharsets.UTF_8.name());
    }

    @Test
    void aLimitMatchingNoHostFailsTheStepOnTheAgentAsBadInput(JenkinsRule j) throws Exception {
        DumbSlave agent = j.createOnlineSlave(Label.get("deploy-agent"));
        WorkflowJob job = j.createProject(WorkflowJob.class, "plan");
        job.setDefinition(new CpsFlowDefinition("node(\"deploy-agent\") {\n"
                + "  rolestackPlan spec: \"p.yaml\", limit: \"nosuch\", unstableOnFailure: true\n"
                + "}", true));
        spec(agent.getWorkspaceFor(job));
        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);
        j.assertLogContains("rolestackPlan: --limit nosuch matches no host", run);
    }

    @Test
    void execNeedsACommand(JenkinsRule j) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "exec");
        job.setDefinition(new CpsFlowDefinition("node {\n"
                + "  rolestackExec spec: \"p.yaml\", command: \" \"\n"
                + "}", true));
        spec(j.jenkins.getWorkspaceFor(job));
        j.assertLogContains("rolestackExec: argument 'command' is required", j.buildAndAssertStatus(Result.FAILURE, job));
    }
}
