package io.rolestack.vm.jenkins;

import hudson.Extension;
import hudson.model.Descriptor.FormException;
import io.rolestack.jenkins.bridge.CallArguments;
import io.rolestack.jenkins.bridge.Operation;
import io.rolestack.jenkins.common.RolestackExecution;
import io.rolestack.jenkins.common.RolestackStep;
import io.rolestack.jenkins.common.RolestackStepDescriptor;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

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
    public static final class DescriptorImpl extends RolestackStepDescriptor {
        @Override
        public String getFunctionName() {
            return "rolestackVm";
        }

        @Override
        public String getDisplayName() {
            return "Rolestack: create, list, delete or reboot the spec's hosts.";
        }

        /**
         * The form's {@code hosts} is one text box ({@code app1 app2} or {@code app1, app2}): Stapler would bind
         * that string as a one-element list, so it is split here first. The snippet generator and the
         * configuration round trip both come through this method (a nested step via Descriptor's bind
         * interceptor); Pipeline scripts bind {@code hosts: ['app1']} through structs and never do.
         */
        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            Object hosts = formData.opt("hosts");
            if (hosts instanceof String text) {
                JSONArray list = new JSONArray();
                for (String h : text.trim().split("[\\s,]+")) {
                    if (!h.isEmpty()) list.add(h);
                }
                formData.put("hosts", list);
            }
            return super.newInstance(req, formData);
        }

        /** The hosts as the form's text box shows them, space-separated (config.jelly; null: a new step). */
        public String hostsText(RolestackVmStep step) {
            return step == null ? "" : String.join(" ", step.getHosts());
        }
    }
}
