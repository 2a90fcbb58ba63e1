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
 * {@code rolestackPlan}: what apply would do, per host, with diffs (changes nothing).
 * Returns a map (see the README's Jenkins section); fails the step by the CLI's
 * exit-code contract, or marks the build unstable when {@code unstableOnFailure}.
 */
public final class RolestackPlanStep extends RolestackStep {
    @DataBoundConstructor
    public RolestackPlanStep(String spec) {
        super(spec);
    }

    @Override
    public Operation operation() {
        return Operation.PLAN;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new RolestackExecution(this, context);
    }

    @Extension
    @Symbol("rolestackPlan")
    public static final class DescriptorImpl extends RolestackStepDescriptor {
        @Override
        public String getFunctionName() {
            return "rolestackPlan";
        }

        @Override
        public String getDisplayName() {
            return "Rolestack: what apply would do, per host, with diffs (changes nothing).";
        }
    }
}
