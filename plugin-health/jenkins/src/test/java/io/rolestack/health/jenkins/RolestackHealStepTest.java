package io.rolestack.health.jenkins;

import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * rolestackHeal bound into a real Jenkins: arguments and credentials in, the bridge's PlatformCall on the agent,
 * the verdict out. Only requests refused before any host or provider is reached, so no OpenStack or local hosts
 * are needed; the platform's heal ITs cover the probes and reboots.
 */
@WithJenkins
class RolestackHealStepTest {
    @Test
    void aBadDurationFailsNamingTheArgumentEvenWhenUnstableOnFailure(JenkinsRule j) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "heal");
        job.setDefinition(new CpsFlowDefinition("node {\n"
                + "  rolestackHeal spec: \"p.yaml\", every: \"10 seconds\", unstableOnFailure: true\n"
                + "}", true));
        RolestackHealthStepTest.spec(j.jenkins.getWorkspaceFor(job));
        j.assertLogContains("rolestackHeal: argument 'every' '10 seconds' is not a duration",
                j.buildAndAssertStatus(Result.FAILURE, job));
    }

    @Test
    void aLimitMatchingNoHostFailsOnTheAgentWithTheCliLine(JenkinsRule j) throws Exception {
        DumbSlave agent = j.createOnlineSlave(Label.get("deploy-agent"));
        WorkflowJob job = j.createProject(WorkflowJob.class, "heal-limit");
        job.setDefinition(new CpsFlowDefinition("node(\"deploy-agent\") {\n"
                + "  rolestackHeal spec: \"p.yaml\", limit: \"nosuch\", attempts: 2, maxReboots: 0, minInterval: \"30m\"\n"
                + "}", true));
        RolestackHealthStepTest.spec(agent.getWorkspaceFor(job));
        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);
        j.assertLogContains("rolestackHeal: heal -f p.yaml --limit nosuch --parallelism 4 --attempts 2 --max-reboots 0 --min-interval 30m", run);
        j.assertLogContains("rolestackHeal: --limit nosuch matches no host", run);
    }
}
