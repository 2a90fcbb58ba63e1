package io.rolestack.core.service;

import io.rolestack.core.remote.Command;

import static io.rolestack.core.service.ServiceControl.checked;

/** Service control through systemctl (VMs booted with systemd). */
public final class SystemdServices implements ServiceControl {
    @Override
    public String init() {
        return "systemd";
    }

    private static Command systemctl(String verb, String service) {
        return Command.sudo("systemctl " + verb + " " + checked(service));
    }

    @Override
    public Command start(String service) {
        return systemctl("start", service);
    }

    @Override
    public Command stop(String service) {
        return systemctl("stop", service);
    }

    @Override
    public Command restart(String service) {
        return systemctl("restart", service);
    }

    @Override
    public Command reload(String service) {
        return systemctl("reload", service);
    }

    @Override
    public Command isRunning(String service) {
        return systemctl("is-active --quiet", service);
    }

    @Override
    public Command enable(String service) {
        return systemctl("enable --quiet", service);
    }

    @Override
    public Command disable(String service) {
        return systemctl("disable --quiet", service);
    }

    @Override
    public Command isEnabled(String service) {
        return systemctl("is-enabled --quiet", service);
    }
}
