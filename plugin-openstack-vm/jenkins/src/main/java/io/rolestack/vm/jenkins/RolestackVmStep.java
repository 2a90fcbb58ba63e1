package io.rolestack.vm.jenkins;

import hudson.Extension;
import io.rolestack.jenkins.bridge.CallArguments;
import io.rolestack.jenkins.bridge.Operation;
import io.rolestack.jenkins.common.RolestackExecution;
import io.rolestack.jenkins.common.RolestackStep;
import io.rolestack.jenkins.common.StepRun;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.util.Set;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rolestackVm}: create, list, delete or reboot the spec's hosts.
 * Returns a map (see the README's Jenkins section); fails the step by the CLI's
 * exit-code contract, or marks the build unstable when {@code unstableOnFailure}.
 */
public final class RolestackVmStep extends RolestackStep {
    private final String action;
    private List<String> hosts = new ArrayList<>();

    /** create, list, delete or reboot. */
    public String getAction() {
        return action;
    }

    public List<String> getHosts() {
        return hosts;
    }

    /** Only these hosts (create: default every host; delete and reboot need them). */
    @DataBoundSetter
    public void setHosts(List<String> hosts) {
        this.hosts = hosts == null ? new ArrayList<>() : new ArrayList<>(hosts);
    }

    @DataBoundConstructor
    public RolestackVmStep(String spec, String action) {
        super(spec);
        this.action = action;
    }

    @Override
    public Operation operation() {
        return Operation.of("rolestackVm", action);
    }

    @Override
    public CallArguments arguments() {
        return super.arguments().withHosts(hosts);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new RolestackExecution(this, context);
    }


    @Extension
    @Symbol("rolestackVm")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "rolestackVm";
        }

        @Override
        public String getDisplayName() {
            return "Rolestack: create, list, delete or reboot the spec's hosts.";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return StepRun.REQUIRED_CONTEXT;
        }
    }
}
