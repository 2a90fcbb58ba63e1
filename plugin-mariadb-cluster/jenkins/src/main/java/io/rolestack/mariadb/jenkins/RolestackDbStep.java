package io.rolestack.mariadb.jenkins;

import hudson.Extension;
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
 * {@code rolestackDb}: the MariaDB cluster: replicate, status or switchover.
 * Returns a map (see the README's Jenkins section); fails the step by the CLI's
 * exit-code contract, or marks the build unstable when {@code unstableOnFailure}.
 */
public final class RolestackDbStep extends RolestackStep {
    private final String action;
    private String to;
    private Integer timeoutSeconds;

    /** replicate, status or switchover. */
    public String getAction() {
        return action;
    }

    public String getTo() {
        return to;
    }

    /** switchover: the replica to promote. */
    @DataBoundSetter
    public void setTo(String to) {
        this.to = blankToNull(to);
    }

    public Integer getTimeoutSeconds() {
        return timeoutSeconds;
    }

    /** switchover: how long the target may take to catch up before it is rolled back (default 60). */
    @DataBoundSetter
    public void setTimeoutSeconds(Integer timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    @DataBoundConstructor
    public RolestackDbStep(String spec, String action) {
        super(spec);
        this.action = action;
    }

    @Override
    public Operation operation() {
        return Operation.of("rolestackDb", action);
    }

    @Override
    public CallArguments arguments() {
        return super.arguments().withTo(to).withTimeoutSeconds(timeoutSeconds);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new RolestackExecution(this, context);
    }

    @Extension
    @Symbol("rolestackDb")
    public static final class DescriptorImpl extends RolestackStepDescriptor {
        @Override
        public String getFunctionName() {
            return "rolestackDb";
        }

        @Override
        public String getDisplayName() {
            return "Rolestack: the MariaDB cluster: replicate, status or switchover.";
        }
    }
}
