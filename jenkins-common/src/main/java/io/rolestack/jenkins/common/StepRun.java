package io.rolestack.jenkins.common;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.rolestack.jenkins.bridge.Operation;
import io.rolestack.jenkins.bridge.PlatformCall;
import io.rolestack.jenkins.bridge.StepOutcome;
import org.jenkinsci.plugins.workflow.steps.StepContext;

import java.util.Map;
import java.util.Set;

/**
 * What every Rolestack step's execution does: look up the credentials, run the
 * platform call on the workspace's agent, then act on the verdict (fail the step,
 * mark the build unstable, or return the value).
 */
public final class StepRun {
    /** What the steps need from the Pipeline: a node's workspace, the build log, the environment, the run. */
    public static final Set<Class<?>> REQUIRED_CONTEXT = Set.of(Run.class, FilePath.class, TaskListener.class, EnvVars.class);

    private StepRun() {
    }

    public static Map<String, Object> run(StepContext context, RolestackStep step) throws Exception {
        Run<?, ?> run = context.get(Run.class);
        FilePath workspace = context.get(FilePath.class);
        TaskListener listener = context.get(TaskListener.class);
        EnvVars env = context.get(EnvVars.class);
        Operation operation;
        try {
            operation = step.operation();
        } catch (IllegalArgumentException badAction) {
            throw new AbortException(badAction.getMessage());
        }
        if (workspace == null || workspace.getChannel() == null) {
            throw new AbortException(operation.step() + " needs a workspace on a connected agent: run it inside node { }");
        }
        PlatformCall call = new PlatformCall(operation, step.getSpec(), step.arguments(), StepCredentials.of(step, run));
        StepOutcome outcome = StepOutcome.fromMap(workspace.act(new AgentCall(call, listener, env)));
        if (outcome.failed()) throw new AbortException(outcome.message());
        if (outcome.unstable()) {
            listener.getLogger().println(outcome.message() + ": marking the build unstable (unstableOnFailure)");
            run.setResult(Result.UNSTABLE);
        }
        return outcome.value();
    }
}
