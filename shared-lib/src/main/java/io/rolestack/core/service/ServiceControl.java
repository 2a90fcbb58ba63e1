package io.rolestack.core.service;

import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.Remote;

/**
 * Starts, stops and enables services on a host, whatever its init: commands
 * for a {@link Remote}, built here and run by the caller. Local hosts have no
 * systemd ({@link SysVinitServices}: {@code service}, init.d, update-rc.d);
 * real VMs do ({@link SystemdServices}). {@link #detect} picks by the same
 * fact systemd itself uses: {@code /run/systemd/system} exists.
 * <p>
 * Queries ({@link #isRunning}, {@link #isEnabled}) answer by exit code: 0 means yes.
 */
public interface ServiceControl {
    /** "systemd" or "sysvinit". */
    String init();

    Command start(String service);

    Command stop(String service);

    Command restart(String service);

    Command reload(String service);

    /** Exit 0 when the service runs. */
    Command isRunning(String service);

    /** Started at boot from now on. */
    Command enable(String service);

    Command disable(String service);

    /** Exit 0 when started at boot. */
    Command isEnabled(String service);

    /** The fact {@link #detect} reads: exit 0 when systemd is PID 1 (as sd_booted() decides). */
    Command SYSTEMD_BOOTED = Command.of("test -d /run/systemd/system");

    /** Picks the implementation for a host from {@link #SYSTEMD_BOOTED}. */
    static ServiceControl detect(Remote host) {
        return forSystemd(host.exec(SYSTEMD_BOOTED).ok());
    }

    static ServiceControl forSystemd(boolean systemdBooted) {
        return systemdBooted ? new SystemdServices() : new SysVinitServices();
    }

    /** Service names go into shell commands: only what unit and init script names use. */
    static String checked(String service) {
        if (service == null || !service.matches("[A-Za-z0-9][A-Za-z0-9@._:-]*")) {
            throw new IllegalArgumentException("service name '" + service + "' has characters outside [A-Za-z0-9@._:-]");
        }
        return service;
    }
}
