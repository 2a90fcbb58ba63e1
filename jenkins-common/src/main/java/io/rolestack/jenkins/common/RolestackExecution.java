package io.rolestack.jenkins.common;

import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

import java.util.Map;

/**
 * The execution of every Rolestack step: the platform call runs on the
 * workspace's agent ({@link StepRun}), off the CPS thread, and its plain value
 * is the step's return value.
 */
public final class RolestackExecution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
    private static final long serialVersionUID = 1L;
    // The step is not needed after a restart: a synchronous step does not survive one.
    private final transient RolestackStep step;

    public RolestackExecution(RolestackStep step, StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    protected Map<String, Object> run() throws Exception {
        return StepRun.run(getContext(), step);
    }
}
