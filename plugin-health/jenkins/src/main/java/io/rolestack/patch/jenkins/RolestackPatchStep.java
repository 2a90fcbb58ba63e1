package io.rolestack.patch.jenkins;

import hudson.Extension;
import io.rolestack.jenkins.bridge.CallArguments;
import io.rolestack.jenkins.bridge.Operation;
import io.rolestack.jenkins.bridge.PatchArguments;
import io.rolestack.jenkins.common.RolestackExecution;
import io.rolestack.jenkins.common.RolestackStep;
import io.rolestack.jenkins.common.RolestackStepDescriptor;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code rolestackPatch}: every selected host's updates applied, rolling and
 * health-gated (as {@code rolestack patch}), with a JUnit XML file in the
 * workspace for the Pipeline's {@code junit} step; {@code dryRun: true} only
 * lists the upgradable packages. Returns a map (see the README's Jenkins
 * section); fails the step when the roll stopped or a host failed, or marks the
 * build unstable when {@code unstableOnFailure}; bad input always fails it.
 */
public final class RolestackPatchStep extends RolestackStep {
    private Boolean dryRun;
    private String junit;
    private Integer healthTimeoutSeconds;
    private Integer dpkgLockWaitSeconds;

    @DataBoundConstructor
    public RolestackPatchStep(String spec) {
        super(spec);
    }

    public Boolean getDryRun() {
        return dryRun;
    }

    /** Only list per host the upgradable packages and whether a reboot would follow (default false). */
    @DataBoundSetter
    public void setDryRun(Boolean dryRun) {
        this.dryRun = trueOrNull(dryRun);
    }

    public String getJunit() {
        return junit;
    }

    /** The JUnit XML file, relative to the workspace (default rolestack-patch.xml). */
    @DataBoundSetter
    public void setJunit(String junit) {
        this.junit = blankToNull(junit);
    }

    public Integer getHealthTimeoutSeconds() {
        return healthTimeoutSeconds;
    }

    /** How long a patched (rebooted) host gets to pass its health checks, 1..86400 (default 180). */
    @DataBoundSetter
    public void setHealthTimeoutSeconds(Integer healthTimeoutSeconds) {
        this.healthTimeoutSeconds = healthTimeoutSeconds;
    }

    public Integer getDpkgLockWaitSeconds() {
        return dpkgLockWaitSeconds;
    }

    /** How long apt waits for a dpkg lock another process holds, 0..86400 (default 600). */
    @DataBoundSetter
    public void setDpkgLockWaitSeconds(Integer dpkgLockWaitSeconds) {
        this.dpkgLockWaitSeconds = dpkgLockWaitSeconds;
    }

    @Override
    public Operation operation() {
        return Operation.PATCH;
    }

    @Override
    public CallArguments arguments() {
        return super.arguments().withPatch(new PatchArguments(dryRun, junit, healthTimeoutSeconds, dpkgLockWaitSeconds));
    }

    @Override
    public StepExecution start(StepContext context) {
        return new RolestackExecution(this, context);
    }

    @Extension
    @Symbol("rolestackPatch")
    public static final class DescriptorImpl extends RolestackStepDescriptor {
        @Override
        public String getFunctionName() {
            return "rolestackPatch";
        }

        @Override
        public String getDisplayName() {
            return "Rolestack: every host's updates applied, rolling and health-gated, with a JUnit report.";
        }
    }
}
