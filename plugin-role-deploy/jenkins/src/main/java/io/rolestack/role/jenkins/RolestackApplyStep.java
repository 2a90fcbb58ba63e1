package io.rolestack.role.jenkins;

import hudson.Extension;
import io.rolestack.jenkins.bridge.Operation;
import io.rolestack.jenkins.common.RolestackExecution;
import io.rolestack.jenkins.common.RolestackStep;
import io.rolestack.jenkins.common.RolestackStepDescriptor;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code rolestackApply}: create missing hosts, install roles, set up MariaDB replication.
 * Returns a map (see the README's Jenkins section); fails the step by the CLI's
 * exit-code contract, or marks the build unstable when {@code unstableOnFailure}.
 */
public final class RolestackApplyStep extends RolestackStep {
    @DataBoundConstructor
    public RolestackApplyStep(String spec) {
        super(spec);
    }

    @Override
    public Operation operation() {
        return Operation.APPLY;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new RolestackExecution(this, context);
    }

    @Extension
    @Symbol("rolestackApply")
    public static final class DescriptorImpl extends RolestackStepDescriptor {
        @Override
        public String getFunctionName() {
            return "rolestackApply";
        }

        @Override
        public String getDisplayName() {
            return "Rolestack: create missing hosts, install roles, set up MariaDB replication.";
        }
    }
}
