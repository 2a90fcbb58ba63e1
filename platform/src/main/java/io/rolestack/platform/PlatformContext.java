package io.rolestack.platform;

import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.core.secrets.FileSecretStore;
import io.rolestack.core.secrets.SecretStore;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.mariadb.tls.CaStore;
import io.rolestack.platform.provider.HostAccess;
import io.rolestack.platform.provider.Providers;
import io.rolestack.platform.provider.RoleCatalogs;
import io.rolestack.role.catalog.RoleCatalog;
import io.rolestack.role.plan.DeployOptions;
import io.rolestack.vm.VmProvider;

import java.util.List;
import java.util.Objects;

/**
 * What every operation of one platform shares: the spec, the options, and how
 * to reach the provider, the hosts, the role catalog and the secrets. Opened
 * once per {@link Platform}; providers and SSH sessions are opened per operation
 * and closed at its end.
 */
public final class PlatformContext {
    private final PlatformSpec spec;
    private final PlatformOptions options;
    private RoleCatalog catalog;
    private SecretStore secretStore;
    private CaStore caStore;

    PlatformContext(PlatformSpec spec, PlatformOptions options) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.options = Objects.requireNonNull(options, "options");
    }

    public PlatformSpec spec() {
        return spec;
    }

    public PlatformOptions options() {
        return options;
    }

    public boolean localHosts() {
        return spec.provider().type().equals("local");
    }

    /** The catalog for this spec (bundled roles, a roles/ directory beside the spec, the spec's vars); loaded once. */
    public synchronized RoleCatalog catalog() {
        if (catalog == null) catalog = RoleCatalogs.catalog(spec);
        return catalog;
    }

    /** The provider; new OpenStack servers' host keys are kept in this platform's secret store. */
    public VmProvider openProvider() {
        return Providers.open(spec, options.environment(), localHosts() ? null : secretStore());
    }

    /** The options' store, or the file store of the environment's default directory; opened once per platform. */
    public synchronized SecretStore secretStore() {
        if (secretStore == null) {
            secretStore = options.secrets().orElseGet(() -> FileSecretStore.open(FileSecretStore.defaultDir(spec.environment())));
        }
        return secretStore;
    }

    /** Whether the options' limit selects this host, by its name or by the roles it gets. */
    public boolean selected(HostName host) {
        return options.limit().matches(host, rolesOf(host));
    }

    /** The spec's hosts the limit selects, in the spec's order. */
    public List<HostName> selectedHosts() {
        return spec.allHosts().stream().filter(this::selected).toList();
    }

    /** The roles a host gets; an unknown role fails that host later, alone, so here it is just its name's roles. */
    private List<String> rolesOf(HostName h) {
        try {
            return catalog().explain(h).roles();
        } catch (RuntimeException unknownRole) {
            return h.roles();
        }
    }

    /** SSH to the hosts as the provider has them now, through the jump host. */
    public PlatformAccess openAccess(VmProvider provider) {
        return HostAccess.open(spec, provider);
    }

    /** The role engine's options for this run: the limit, parallelism and progress of the platform options. */
    public DeployOptions deployOptions() {
        return (localHosts() ? DeployOptions.forLocalHosts() : DeployOptions.forRealVms())
                .withLimit(options.limit()).withParallelism(options.parallelism()).withProgress(options.progress());
    }

    /** The CA and passwords, from the options' store or the environment's default directory; one per platform. */
    public synchronized CaStore caStore() {
        if (caStore == null) {
            caStore = CaStore.of(secretStore(), spec.environment());
        }
        return caStore;
    }
}
