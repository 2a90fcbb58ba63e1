package io.rolestack.health.jenkins;

import hudson.Extension;
import io.rolestack.jenkins.bridge.CallArguments;
import io.rolestack.jenkins.bridge.HealArguments;
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
 * {@code rolestackHeal}: the selected hosts that are dead (SSH and a TCP probe of port 22 from the jump host
 * both failing, N times in a row) hard-rebooted through the provider, within per-run and per-host limits (as
 * {@code rolestack heal}). Returns a map (see the README's Jenkins section); fails the step when a host is
 * still dead, suspect, refused or failed, or marks the build unstable when {@code unstableOnFailure}; bad
 * input always fails it. Durations as the CLI's: 500ms, 10s, 30m, 2h, 1d.
 */
public final class RolestackHealStep extends RolestackStep {
    private Integer attempts;
    private String every;
    private Integer maxReboots;
    private String minInterval;
    private String probeTimeout;
    private String backTimeout;

    @DataBoundConstructor
    public RolestackHealStep(String spec) {
        super(spec);
    }

    public Integer getAttempts() {
        return attempts;
    }

    /** Probes in a row that must all fail before a host is dead, 1..100 (default 3). */
    @DataBoundSetter
    public void setAttempts(Integer attempts) {
        this.attempts = attempts;
    }

    public String getEvery() {
        return every;
    }

    /** Pause between two probes of a host (default 10s). */
    @DataBoundSetter
    public void setEvery(String every) {
        this.every = blankToNull(every);
    }

    public Integer getMaxReboots() {
        return maxReboots;
    }

    /** Hosts rebooted at most in this run; 0 only reports (default 1). */
    @DataBoundSetter
    public void setMaxReboots(Integer maxReboots) {
        this.maxReboots = maxReboots;
    }

    public String getMinInterval() {
        return minInterval;
    }

    /** A host is rebooted at most once per this interval, across runs (default 1h). */
    @DataBoundSetter
    public void setMinInterval(String minInterval) {
        this.minInterval = blankToNull(minInterval);
    }

    public String getProbeTimeout() {
        return probeTimeout;
    }

    /** One probe's connect and command timeout (default 10s). */
    @DataBoundSetter
    public void setProbeTimeout(String probeTimeout) {
        this.probeTimeout = blankToNull(probeTimeout);
    }

    public String getBackTimeout() {
        return backTimeout;
    }

    /** How long a rebooted host may take to answer SSH again (default 10m). */
    @DataBoundSetter
    public void setBackTimeout(String backTimeout) {
        this.backTimeout = blankToNull(backTimeout);
    }

    @Override
    public Operation operation() {
        return Operation.HEAL;
    }

    @Override
    public CallArguments arguments() {
        return super.arguments().withHeal(new HealArguments(attempts, every, maxReboots, minInterval, probeTimeout, backTimeout));
    }

    @Override
    public StepExecution start(StepContext context) {
        return new RolestackExecution(this, context);
    }

    @Extension
    @Symbol("rolestackHeal")
    public static final class DescriptorImpl extends RolestackStepDescriptor {
        @Override
        public String getFunctionName() {
            return "rolestackHeal";
        }

        @Override
        public String getDisplayName() {
            return "Rolestack: dead hosts hard-rebooted through the provider, within per-run and per-host limits.";
        }
    }
}
