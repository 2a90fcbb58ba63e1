package io.rolestack.core.service;

import io.rolestack.core.remote.Command;

import static io.rolestack.core.service.ServiceControl.checked;

/**
 * Service control without systemd: {@code service} (init.d scripts) and
 * {@code update-rc.d} for the boot links, as on the local hosts.
 */
public final class SysVinitServices implements ServiceControl {
    @Override
    public String init() {
        return "sysvinit";
    }

    private static Command service(String service, String verb) {
        return Command.sudo("service " + checked(service) + " " + verb);
    }

    @Override
    public Command start(String service) {
        return service(service, "start");
    }

    @Override
    public Command stop(String service) {
        return service(service, "stop");
    }

    @Override
    public Command restart(String service) {
        return service(service, "restart");
    }

    @Override
    public Command reload(String service) {
        return service(service, "reload");
    }

    @Override
    public Command isRunning(String service) {
        return service(service, "status");
    }

    @Override
    public Command enable(String service) {
        String s = checked(service);
        // `defaults` makes the links if the package did not; `enable` turns them to start links.
        return Command.sudo("update-rc.d " + s + " defaults >/dev/null && update-rc.d " + s + " enable");
    }

    @Override
    public Command disable(String service) {
        return Command.sudo("update-rc.d " + checked(service) + " disable");
    }

    @Override
    public Command isEnabled(String service) {
        return Command.sudo("ls /etc/rc2.d/S??" + checked(service) + " >/dev/null 2>&1");
    }
}
