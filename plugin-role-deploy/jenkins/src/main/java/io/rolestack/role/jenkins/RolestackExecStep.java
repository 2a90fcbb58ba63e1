package io.rolestack.role.jenkins;

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
 * {@code rolestackExec}: an ad-hoc command on the selected hosts, in parallel.
 * Returns a map (see the README's Jenkins section); fails the step by the CLI's
 * exit-code contract, or marks the build unstable when {@code unstableOnFailure}.
 */
public final class RolestackExecStep extends RolestackStep {
    private final String command;
    private Integer timeoutSeconds;
    private boolean sudo;

    public String getCommand() {
        return command;
    }

    public Integer getTimeoutSeconds() {
        return timeoutSeconds;
    }

    /** Per host; past it the command is killed and that host fails (default 600). */
    @DataBoundSetter
    public void setTimeoutSeconds(Integer timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public boolean isSudo() {
        return sudo;
    }

    /** As root through sudo -n when the SSH user is not root. */
    @DataBoundSetter
    public void setSudo(boolean sudo) {
        this.sudo = sudo;
    }

    @DataBoundConstructor
    public RolestackExecStep(String spec, String command) {
        super(spec);
        this.command = command;
    }

    @Override
    public Operation operation() {
        return Operation.EXEC;
    }

    @Override
    public CallArguments arguments() {
        return super.arguments().withCommand(command).withTimeoutSeconds(timeoutSeconds).withSudo(sudo);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new RolestackExecution(this, context);
    }

    @Extension
    @Symbol("rolestackExec")
    public static final class DescriptorImpl extends RolestackStepDescriptor {
        @Override
        public String getFunctionName() {
            return "rolestackExec";
        }

        @Override
        public String getDisplayName() {
            return "Rolestack: an ad-hoc command on the selected hosts, in parallel.";
        }
    }
}
