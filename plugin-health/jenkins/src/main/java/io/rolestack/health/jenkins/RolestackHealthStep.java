package io.rolestack.health.jenkins;

import hudson.Extension;
import io.rolestack.jenkins.bridge.CallArguments;
import io.rolestack.jenkins.bridge.HealthArguments;
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
 * {@code rolestackHealth}: every selected host checked as its roles declare (as
 * {@code rolestack health}), with a JUnit XML file in the workspace for the
 * Pipeline's {@code junit} step. Returns a map (see the README's Jenkins section);
 * fails the step when a host is unhealthy, or marks the build unstable when
 * {@code unstableOnFailure}; bad input always fails it.
 */
public final class RolestackHealthStep extends RolestackStep {
    private Integer diskPercent;
    private Integer inodePercent;
    private Integer memoryAvailablePercent;
    private Integer maxLagSeconds;
    private String junit;
    private Boolean restart;
    private Integer restartIntervalMinutes;
    private Boolean reportOnly;

    @DataBoundConstructor
    public RolestackHealthStep(String spec) {
        super(spec);
    }

    public Integer getDiskPercent() {
        return diskPercent;
    }

    /** Fail a host with a file system this full or fuller, 1..100 (default 90). */
    @DataBoundSetter
    public void setDiskPercent(Integer diskPercent) {
        this.diskPercent = diskPercent;
    }

    public Integer getInodePercent() {
        return inodePercent;
    }

    /** Fail a host with a file system using this share of its inodes or more, 1..100 (default 90). */
    @DataBoundSetter
    public void setInodePercent(Integer inodePercent) {
        this.inodePercent = inodePercent;
    }

    public Integer getMemoryAvailablePercent() {
        return memoryAvailablePercent;
    }

    /** Fail a host with less memory available than this share, 1..100 (default 5). */
    @DataBoundSetter
    public void setMemoryAvailablePercent(Integer memoryAvailablePercent) {
        this.memoryAvailablePercent = memoryAvailablePercent;
    }

    public Integer getMaxLagSeconds() {
        return maxLagSeconds;
    }

    /** Fail a replica this far behind its primary or further (default 60). */
    @DataBoundSetter
    public void setMaxLagSeconds(Integer maxLagSeconds) {
        this.maxLagSeconds = maxLagSeconds;
    }

    public String getJunit() {
        return junit;
    }

    /** The JUnit XML file, relative to the workspace (default rolestack-health.xml). */
    @DataBoundSetter
    public void setJunit(String junit) {
        this.junit = blankToNull(junit);
    }

    public Boolean getRestart() {
        return restart;
    }

    /** Restart a failed service once, then check again (default false). */
    @DataBoundSetter
    public void setRestart(Boolean restart) {
        this.restart = trueOrNull(restart);
    }

    public Integer getRestartIntervalMinutes() {
        return restartIntervalMinutes;
    }

    /** Health runs restart a service at most once per this many minutes (default 10). */
    @DataBoundSetter
    public void setRestartIntervalMinutes(Integer restartIntervalMinutes) {
        this.restartIntervalMinutes = restartIntervalMinutes;
    }

    public Boolean getReportOnly() {
        return reportOnly;
    }

    /** Change nothing on the hosts, not even re-arm services Monit gave up on (default false). */
    @DataBoundSetter
    public void setReportOnly(Boolean reportOnly) {
        this.reportOnly = trueOrNull(reportOnly);
    }

    @Override
    public Operation operation() {
        return Operation.HEALTH;
    }

    @Override
    public CallArguments arguments() {
        return super.arguments().withHealth(new HealthArguments(diskPercent, inodePercent, memoryAvailablePercent, maxLagSeconds, junit,
                restart, restartIntervalMinutes, reportOnly));
    }

    @Override
    public StepExecution start(StepContext context) {
        return new RolestackExecution(this, context);
    }

    @Extension
    @Symbol("rolestackHealth")
    public static final class DescriptorImpl extends RolestackStepDescriptor {
        @Override
        public String getFunctionName() {
            return "rolestackHealth";
        }

        @Override
        public String getDisplayName() {
            return "Rolestack: every host checked as its roles declare, with a JUnit report.";
        }
    }
}
