package io.rolestack.role.jenkins;

import hudson.Extension;
import io.rolestack.jenkins.bridge.Operation;
import io.rolestack.jenkins.common.RolestackStep;
import io.rolestack.jenkins.common.StepRun;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

import java.util.Map;
import java.util.Set;

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
        return new Execution(this, context);
    }

    /** Runs the platform call on the workspace's agent, off the CPS thread. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient RolestackApplyStep step;

        Execution(RolestackApplyStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            return StepRun.run(getContext(), step);
        }
    }

    @Extension
    @Symbol("rolestackApply")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "rolestackApply";
        }

        @Override
        public String getDisplayName() {
            return "Rolestack: create missing hosts, install roles, set up MariaDB replication.";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return StepRun.REQUIRED_CONTEXT;
        }
    }
}
