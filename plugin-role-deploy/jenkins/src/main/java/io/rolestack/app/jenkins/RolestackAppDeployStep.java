package io.rolestack.app.jenkins;

import hudson.Extension;
import hudson.util.FormValidation;
import io.rolestack.jenkins.bridge.AppArguments;
import io.rolestack.jenkins.bridge.CallArguments;
import io.rolestack.jenkins.bridge.Operation;
import io.rolestack.jenkins.bridge.Requests;
import io.rolestack.jenkins.common.RolestackExecution;
import io.rolestack.jenkins.common.RolestackStep;
import io.rolestack.jenkins.common.RolestackStepDescriptor;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code rolestackAppDeploy}: the spec's apps (docs/apps.md), as {@code rolestack app deploy|rollback|releases}:
 * built once on the agent from their repos and plugins, shipped to their pool and the frontends, switched,
 * health-checked through the frontends and rolled back when that fails; a rollback by hand; the releases per host.
 * Returns a map (see the README's Jenkins section); fails the step by the CLI's exit-code contract, or marks the
 * build unstable when {@code unstableOnFailure}.
 */
public final class RolestackAppDeployStep extends RolestackStep {
    /** The action when none is given, and the one kept as unset so that snippets stay short. */
    static final String DEFAULT_ACTION = "deploy";
    private String action;
    private String app;
    private String to;
    private Integer healthTimeoutSeconds;

    @DataBoundConstructor
    public RolestackAppDeployStep(String spec) {
        super(spec);
    }

    /** deploy (default), rollback or releases. */
    public String getAction() {
        return action;
    }

    /** deploy is stored as unset: the form's drop-down submits it, and the snippet leaves it out. */
    @DataBoundSetter
    public void setAction(String action) {
        String a = blankToNull(action);
        this.action = DEFAULT_ACTION.equals(a) ? null : a;
    }

    public String getApp() {
        return app;
    }

    /** The app, as the spec's apps name it (default: every app of the spec). */
    @DataBoundSetter
    public void setApp(String app) {
        this.app = blankToNull(app);
    }

    public String getTo() {
        return to;
    }

    /** rollback: the release to go back to (default: the good one made current before the current one). */
    @DataBoundSetter
    public void setTo(String to) {
        this.to = blankToNull(to);
    }

    public Integer getHealthTimeoutSeconds() {
        return healthTimeoutSeconds;
    }

    /** deploy, rollback: how long a switched release gets to answer its health check (default 30). */
    @DataBoundSetter
    public void setHealthTimeoutSeconds(Integer healthTimeoutSeconds) {
        this.healthTimeoutSeconds = healthTimeoutSeconds;
    }

    @Override
    public Operation operation() {
        return Operation.of("rolestackAppDeploy", action == null ? DEFAULT_ACTION : action);
    }

    @Override
    public CallArguments arguments() {
        return super.arguments().withTo(to).withApp(new AppArguments(app, healthTimeoutSeconds));
    }

    @Override
    public StepExecution start(StepContext context) {
        return new RolestackExecution(this, context);
    }

    @Extension
    @Symbol("rolestackAppDeploy")
    public static final class DescriptorImpl extends RolestackStepDescriptor {
        @Override
        public String getFunctionName() {
            return "rolestackAppDeploy";
        }

        @Override
        public String getDisplayName() {
            return "Rolestack: deploy the spec's apps, roll one back, list their releases.";
        }

        /** 1..3600 seconds or empty (30), as the step refuses otherwise. Reads nothing: no permission needed. */
        public FormValidation doCheckHealthTimeoutSeconds(@QueryParameter String value) {
            if (value == null || value.isBlank()) return FormValidation.ok();
            int max = Requests.MAX_APP_HEALTH_TIMEOUT_SECONDS;
            try {
                int s = Integer.parseInt(value.strip());
                return s >= 1 && s <= max ? FormValidation.ok()
                        : FormValidation.error("healthTimeoutSeconds must be between 1 and " + max + " seconds, was " + s);
            } catch (NumberFormatException e) {
                return FormValidation.error("healthTimeoutSeconds must be a whole number of seconds, 1 to " + max);
            }
        }

        /** A release id (16 hex digits) or empty. Reads nothing: no permission needed. */
        public FormValidation doCheckTo(@QueryParameter String value) {
            if (value == null || value.isBlank()) return FormValidation.ok();
            return Requests.releaseIdProblem(value).map(why -> FormValidation.error("to " + why)).orElse(FormValidation.ok());
        }
    }
}
