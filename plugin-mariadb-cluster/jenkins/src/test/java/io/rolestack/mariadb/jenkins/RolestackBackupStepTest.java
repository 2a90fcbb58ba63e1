package io.rolestack.mariadb.jenkins;

import hudson.model.Result;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * rolestackBackup bound into a real Jenkins: bad input refused before any host, and its view's round trip.
 * Backups themselves are tested by the platform's BackupOnLocalHostsIT.
 */
@WithJenkins
class RolestackBackupStepTest {
    private static final String SPEC = "examples/platform-openstack.yaml";

    @Test
    void aBackupIdThatIsAPathIsRefusedNamingTheArgument(JenkinsRule j) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "verify");
        job.setDefinition(new CpsFlowDefinition(
                "node { rolestackBackup spec: \"p.yaml\", action: \"verify\", backupId: \"../etc\" }", true));
        RolestackDbStepTest.spec(j.jenkins.getWorkspaceFor(job));
        j.assertLogContains("rolestackBackup: argument 'backupId' '../etc' is not a backup id",
                j.buildAndAssertStatus(Result.FAILURE, job));
    }

    @Test
    void verifyOfOneBackupSurvivesTheForm(JenkinsRule j) throws Exception {
        RolestackBackupStep b = new RolestackBackupStep(SPEC, "verify");
        b.setBackupId("20261207T030000Z-db2");
        RolestackBackupStep after = new StepConfigTester(j).configRoundTrip(b);
        j.assertEqualDataBoundBeans(b, after);
        new SnippetizerTester(j).assertRoundTrip(after, "rolestackBackup action: 'verify', backupId: '20261207T030000Z-db2', spec: '" + SPEC + "'");
    }

    @Test
    void pruneDryRunSurvivesTheForm(JenkinsRule j) throws Exception {
        RolestackBackupStep b = new RolestackBackupStep(SPEC, "prune");
        b.setDryRun(true);
        RolestackBackupStep after = new StepConfigTester(j).configRoundTrip(b);
        j.assertEqualDataBoundBeans(b, after);
        new SnippetizerTester(j).assertRoundTrip(after, "rolestackBackup action: 'prune', dryRun: true, spec: '" + SPEC + "'");
    }
}
