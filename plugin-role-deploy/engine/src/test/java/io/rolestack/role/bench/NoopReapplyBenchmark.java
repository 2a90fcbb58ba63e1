package io.rolestack.role.bench;

import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.remote.PlatformAccess;
import io.rolestack.role.catalog.RoleCatalog;
import io.rolestack.role.ops.Capability;
import io.rolestack.role.plan.DeployOptions;
import io.rolestack.role.plan.DeployReport;
import io.rolestack.role.plan.Limit;
import io.rolestack.role.plan.Planner;
import io.rolestack.role.plan.RoleDeployer;
import io.rolestack.vm.local.testing.LocalHosts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.rolestack.core.remote.Shell.quote;

/**
 * Benchmark (its own command, not a test): no-op re-apply of converged hosts,
 * rolestack vs Debian's ansible-playbook with the equivalent generated
 * playbook (pipelining, ControlPersist, no fact gathering), same local hosts,
 * same jump host. Run with {@code bench/role-noop-reapply.sh [apps] [rounds]}.
 */
public final class NoopReapplyBenchmark {
    public static void main(String[] args) throws Exception {
        int apps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String[] names = new String[apps];
        for (int i = 0; i < apps; i++) names[i] = "app" + (i + 1);
        LocalHosts hosts = LocalHosts.of("jump", names);
        hosts.beforeAll(null);
        try {
            PlatformAccess access = hosts.access();
            RoleCatalog catalog = RoleCatalog.load(Optional.empty());
            RoleDeployer deployer = new RoleDeployer(catalog);
            Inventory inv = hosts.inventory();
            DeployOptions opts = DeployOptions.forLocalHosts().withParallelism(Math.max(4, apps));
            DeployReport first = deployer.apply(inv, access, opts);
            System.out.printf("converge: %d ms, failed=%s%n", first.took().toMillis(), first.summary().anyFailed());

            Path dir = Files.createTempDirectory("rolestack-ansible");
            new AnsiblePlaybook(new Planner(catalog)).write(inv, Capability.LOCAL_HOST, hosts.sshConfig(), dir);
            String ansible = "cd " + quote(dir.toString()) + " && ANSIBLE_CONFIG=ansible.cfg ansible-playbook site.yml";
            String one = ansible + " --limit app1";
            new LocalRemote().exec(Command.of(ansible)); // warm-up; converges what Ansible does differently

            for (String scope : List.of("1 host", (apps + 1) + " hosts")) {
                boolean single = scope.startsWith("1 ");
                List<Long> rs = new ArrayList<>();
                List<Long> an = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    DeployReport r = deployer.apply(inv, access, single ? opts.withLimit(Limit.parse("app1")) : opts);
                    rs.add(r.took().toMillis());
                    if (r.summary().count(io.rolestack.core.result.Status.CHANGED) > 0) System.out.println("rolestack changed something: " + r.summary());
                    long t = System.nanoTime();
                    ExecResult a = new LocalRemote().exec(Command.of(single ? one : ansible));
                    an.add((System.nanoTime() - t) / 1_000_000);
                    if (!a.ok()) System.out.println("ansible failed: " + a.stdout() + a.stderr());
                    if (i == rounds - 1) {
                        a.stdout().lines().filter(l -> l.contains(" changed=")).forEach(l -> System.out.println("  ansible recap: " + l.strip()));
                    }
                }
                long rMed = median(rs), aMed = median(an);
                System.out.printf("no-op re-apply, %s: rolestack %s ms, ansible %s ms%n", scope, rs, an);
                System.out.printf("  median: rolestack %d ms, ansible %d ms, ratio ansible/rolestack %.1fx (goal >= 5x)%n",
                        rMed, aMed, aMed / (double) Math.max(1, rMed));
            }
        } finally {
            hosts.afterAll(null);
        }
    }

    private static long median(List<Long> xs) {
        List<Long> sorted = xs.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private NoopReapplyBenchmark() {
    }

}
