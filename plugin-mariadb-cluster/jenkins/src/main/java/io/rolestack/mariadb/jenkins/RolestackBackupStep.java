package io.rolestack.mariadb.jenkins;

import hudson.Extension;
import io.rolestack.jenkins.bridge.BackupArguments;
import io.rolestack.jenkins.bridge.CallArguments;
import io.rolestack.jenkins.bridge.Operation;
import io.rolestack.jenkins.common.RolestackExecution;
import io.rolestack.jenkins.common.RolestackStep;
import io.rolestack.jenkins.common.RolestackStepDescriptor;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code rolestackBackup}: MariaDB physical backups, as {@code rolestack backup
 * db|verify|list|prune}: a backup from a replica into the spec's
 * {@code backups.target.dir} on the agent, restore-tested unless the spec says
 * {@code verify: false}; a restore test of one backup; the list; retention; and
 * the same for the search cluster's snapshots ({@code search}, {@code search verify},
 * {@code search list}, {@code search prune}: {@code rolestack backup search ...}).
 * Returns a map (see the README's Jenkins section); fails the step by the CLI's
 * exit-code contract, or marks the build unstable when {@code unstableOnFailure}.
 */
public final class RolestackBackupStep extends RolestackStep {
    private final String action;
    private String backupId;
    private Boolean dryRun;
    private String junit;

    @DataBoundConstructor
    public RolestackBackupStep(String spec, String action) {
        super(spec);
        this.action = action;
    }

    /** db, verify, list, prune, search, search verify, search list or search prune. */
    public String getAction() {
        return action;
    }

    public String getBackupId() {
        return backupId;
    }

    /** verify: the backup to restore-test (default the newest). */
    @DataBoundSetter
    public void setBackupId(String backupId) {
        this.backupId = blankToNull(backupId);
    }

    public String getJunit() {
        return junit;
    }

    /** The JUnit XML file, relative to the workspace (default rolestack-backup.xml for db, verify, search, search verify). */
    @DataBoundSetter
    public void setJunit(String junit) {
        this.junit = blankToNull(junit);
    }

    public Boolean getDryRun() {
        return dryRun;
    }

    /** prune: only say what would be deleted (default false; false is stored as unset so snippets stay short). */
    @DataBoundSetter
    public void setDryRun(Boolean dryRun) {
        this.dryRun = Boolean.TRUE.equals(dryRun) ? Boolean.TRUE : null;
    }

    @Override
    public Operation operation() {
        return Operation.of("rolestackBackup", action);
    }

    @Override
    public CallArguments arguments() {
        return super.arguments().withBackup(new BackupArguments(backupId, dryRun, junit));
    }

    @Override
    public StepExecution start(StepContext context) {
        return new RolestackExecution(this, context);
    }

    @Extension
    @Symbol("rolestackBackup")
    public static final class DescriptorImpl extends RolestackStepDescriptor {
        @Override
        public String getFunctionName() {
            return "rolestackBackup";
        }

        @Override
        public String getDisplayName() {
            return "Rolestack: MariaDB backups: take, restore-test, list, prune.";
        }
    }
}
