package io.rolestack.jenkins.common;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.rolestack.jenkins.bridge.PlatformCall;
import jenkins.MasterToSlaveFileCallable;

import java.io.File;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The bridge's {@link PlatformCall}, run on the agent that holds the workspace
 * (the agent, not the controller, reaches OpenStack and the jump host). Progress
 * lines go to the build log through the listener as they happen; what comes back
 * is plain JDK values ({@code StepOutcome.toMap()}).
 */
final class AgentCall extends MasterToSlaveFileCallable<Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    private final PlatformCall call;
    private final TaskListener listener;
    private final HashMap<String, String> environment;

    AgentCall(PlatformCall call, TaskListener listener, Map<String, String> environment) {
        this.call = call;
        this.listener = listener;
        this.environment = new HashMap<>(environment);
    }

    @Override
    public Map<String, Object> invoke(File workspace, VirtualChannel channel) {
        PrintStream log = listener.getLogger();
        return call.run(workspace.toPath(), environment, line -> {
            synchronized (log) {
                log.println(line);
            }
        });
    }
}
