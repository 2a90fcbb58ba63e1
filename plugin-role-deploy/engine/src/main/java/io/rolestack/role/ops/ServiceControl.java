package io.rolestack.role.ops;

import static io.rolestack.core.remote.Shell.quote;

/**
 * Starts, stops, reloads and enables services, with systemd on real VMs and
 * with init.d scripts through {@code service} where PID 1 is not systemd (the
 * local namespaced hosts). Reading service state is a fact (see
 * {@code FactScript}); this only acts.
 *
 * <p>Our own small interface for now; the VM engine has a {@code ServiceControl}
 * of its own ({@code io.rolestack.vm.service}) and the two are meant to become one.
 */
public interface ServiceControl {
    String start(String service);

    String stop(String service);

    String restart(String service);

    String reload(String service);

    String enable(String service);

    String disable(String service);

    static ServiceControl of(boolean systemd) {
        return systemd ? SYSTEMD : SYSV;
    }

    ServiceControl SYSTEMD = new ServiceControl() {
        public String start(String s) {
            return "systemctl start " + quote(s);
        }

        public String stop(String s) {
            return "systemctl stop " + quote(s);
        }

        public String restart(String s) {
            return "systemctl restart " + quote(s);
        }

        public String reload(String s) {
            return "systemctl reload-or-restart " + quote(s);
        }

        public String enable(String s) {
            return "systemctl enable " + quote(s);
        }

        public String disable(String s) {
            return "systemctl disable " + quote(s);
        }

        @Override
        public String toString() {
            return "systemd";
        }
    };

    ServiceControl SYSV = new ServiceControl() {
        public String start(String s) {
            return "service " + quote(s) + " start";
        }

        public String stop(String s) {
            return "service " + quote(s) + " stop";
        }

        public String restart(String s) {
            return "service " + quote(s) + " restart";
        }

        public String reload(String s) {
            return "service " + quote(s) + " reload";
        }

        public String enable(String s) {
            // defaults creates the rc links when missing; enable turns K links back into S links.
            return "update-rc.d " + quote(s) + " defaults >/dev/null && update-rc.d " + quote(s) + " enable";
        }

        public String disable(String s) {
            return "update-rc.d " + quote(s) + " disable";
        }

        @Override
        public String toString() {
            return "init.d";
        }
    };
}
