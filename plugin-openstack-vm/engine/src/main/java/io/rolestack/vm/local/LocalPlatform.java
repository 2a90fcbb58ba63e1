package io.rolestack.vm.local;

import io.rolestack.core.events.Progress;
import io.rolestack.core.files.AtomicFile;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.LocalRemote;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.RemoteException;
import io.rolestack.core.result.Result;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static io.rolestack.core.remote.Shell.quote;

/**
 * Real Debian hosts on this machine, each in its own namespaces (net, mount,
 * pid, uts, ipc) on its own overlay of a cached debootstrap rootfs, with sshd
 * as PID 1. Hosts sit on a bridge the machine has no address on; the jump
 * host alone also has a link to the machine. An egress gateway namespace on
 * the bridge lets hosts reach the Debian mirror (tcp 80/443 and DNS only).
 * <p>
 * Every resource made on the machine is first written to the environment's
 * {@link Journal}: {@link #down} removes exactly those, also after a
 * {@code kill -9} of {@link #up}. Operations are idempotent: {@code up} twice
 * makes nothing new. Needs root.
 * <pre>{@code
 * LocalPlatform local = new LocalPlatform(LocalSettings.defaults());
 * LocalEnvironment env = local.up(List.of(HostName.parse("app1.dev.example")), HostName.parse("jump.dev.example"), progress);
 * local.down("dev", progress);
 * }</pre>
 */
public final class LocalPlatform {
    static final String JOURNAL = "journal";
    static final String FORWARD_BEFORE = "ip_forward.before";
    private static final String[] TOOLS = {
            "ip:iproute2", "iptables:iptables", "debootstrap:debootstrap", "unshare:util-linux", "chroot:coreutils",
            "mount:mount", "mountpoint:util-linux", "ssh-keygen:openssh-client", "ss:iproute2", "setsid:util-linux"};

    private final LocalSettings settings;
    private final Remote machine;
    private final Path aptDir;
    private final JournaledResources resources;
    private final LocalNetwork network;
    private final HostBoot boot;
    private final EnvironmentFiles files;

    public LocalPlatform(LocalSettings settings) {
        this(settings, new LocalRemote("localhost"), AptSources.DIR);
    }

    LocalPlatform(LocalSettings settings, Remote machine, Path aptDir) {
        this.settings = settings;
        this.machine = machine;
        this.aptDir = aptDir;
        this.resources = new JournaledResources(machine);
        this.network = new LocalNetwork(settings, machine, resources, this::lockStateRoot);
        this.boot = new HostBoot(settings, machine);
        this.files = new EnvironmentFiles(machine);
    }

    public LocalSettings settings() {
        return settings;
    }

    // ------------------------------------------------------------------ facade

    /** Creates what is missing of the platform (hosts + jump host) and returns it. */
    public LocalEnvironment up(List<HostName> hosts, HostName jump, Progress progress) {
        List<Result> results = create(hosts, jump, progress);
        List<Result> failed = results.stream().filter(Result::failed).toList();
        if (!failed.isEmpty()) {
            throw new LocalHostsException("local hosts failed: " + failed.stream()
                    .map(r -> r.host() + ": " + r.message()).reduce((a, b) -> a + "; " + b).orElse(""));
        }
        return environment(jump.environment()).orElseThrow();
    }

    /**
     * Creates the hosts that do not exist (and the environment's network on
     * first use); one result per host, {@code ok} when it was already running.
     * Bad input fails with {@link IllegalArgumentException} before anything is made.
     */
    public List<Result> create(List<HostName> hosts, HostName jump, Progress progress) {
        List<HostName> all = validate(hosts, jump);
        String env = jump.environment();
        envDir(env);
        preflight();
        Optional<String> foreign = foreign(env, all, jump);
        if (foreign.isPresent()) {
            return all.stream().map(h -> Result.failed(h.fqdn(), "local host create", foreign.get())).toList();
        }
        reserve(env, all, jump, false); // subnet conflicts and capacity, before the (long) rootfs build
        Path rootfs = prepare(progress);
        PlatformState state;
        try (ExclusiveLock lock = lockStateRoot()) {
            state = reserve(env, all, jump, true);
        }
        Path dir = envDir(env);
        Journal journal = new Journal(dir.resolve(JOURNAL));
        LinkNames names = new LinkNames(env);
        Map<String, Result> results = new LinkedHashMap<>();
        try {
            files.deployKey(dir);
            boolean netChanged = network.ensure(state, names, journal, progress);
            if (netChanged) progress.step(env, "network ready: bridge " + names.bridge() + " (" + state.internal() + "), outside " + state.outside());
        } catch (RemoteException | UncheckedIOException e) {
            for (HostName h : all) results.put(h.shortName(), Result.failed(h.fqdn(), "local host create", "network: " + e.getMessage()));
            return new ArrayList<>(results.values());
        }
        for (HostName h : all) {
            long start = System.nanoTime();
            try {
                List<String> made = ensureHost(state, h.shortName(), rootfs, names, journal, progress);
                results.put(h.shortName(), (!made.isEmpty()
                        ? Result.changed(h.fqdn(), "local host create", "running at " + state.hosts().get(h.shortName()).address(), String.join("\n", made))
                        : Result.ok(h.fqdn(), "local host create", "already running"))
                        .took(Duration.ofNanos(System.nanoTime() - start)));
            } catch (RemoteException | UncheckedIOException | LocalHostsException e) {
                results.put(h.shortName(), Result.failed(h.fqdn(), "local host create", e.getMessage())
                        .took(Duration.ofNanos(System.nanoTime() - start)));
            }
        }
        Map<String, String> refused = files.writePlatformFiles(state, envDir(state.environment()));
        for (HostName h : all) {
            Result r = results.get(h.shortName());
            if (refused.containsKey(h.shortName()) && !r.failed()) {
                results.put(h.shortName(), Result.failed(h.fqdn(), "local host create", refused.get(h.shortName())).took(r.duration()));
            }
        }
        for (HostName h : all) {
            Result r = results.get(h.shortName());
            if (r.failed()) continue;
            try {
                boot.await(h.fqdn(), names.netns(h.shortName()), envDir(env).resolve("hosts").resolve(h.shortName()));
            } catch (LocalHostsException e) {
                results.put(h.shortName(), Result.failed(h.fqdn(), "local host create", e.getMessage()).took(r.duration()));
            }
        }
        results.values().forEach(progress::result);
        return new ArrayList<>(results.values());
    }

    /** Why up must not touch this environment: objects of its name that this state directory did not make. */
    private Optional<String> foreign(String env, List<HostName> all, HostName jump) {
        Path dir = envDir(env);
        List<String> found = ForeignResources.find(machine, new LinkNames(env), all.stream().map(HostName::shortName).toList(),
                jump.shortName(), new Journal(dir.resolve(JOURNAL)));
        if (found.isEmpty()) return Optional.empty();
        return Optional.of("environment " + env + " already has " + String.join(", ", found) + " on this machine, not made by"
                + " this state directory (" + dir + "): another state directory holds this environment, or a killed run"
                + " with another one left them. Nothing was changed. Take them down with the state directory that made"
                + " them (rolestack local down with its spec), or remove them by hand"
                + " (docs/local-hosts.md, \"Leftovers of another state directory\").");
    }

    /**
     * Builds the Debian rootfs if it is not cached yet (a minute or three);
     * {@link #create} does it too, this lets a caller do it first.
     */
    public Path prepare(Progress progress) {
        return new RootfsImage(settings, AptSources.read(aptDir), aptDir, machine).ensure(progress);
    }

    /** Removes everything the environment made on this machine, from its journal. Idempotent. */
    public Result down(String environment, Progress progress) {
        requireRoot();
        long start = System.nanoTime();
        Path dir = envDir(environment);
        if (!Files.isDirectory(dir)) return Result.ok(environment, "local down", "nothing to remove");
        Journal journal = new Journal(dir.resolve(JOURNAL));
        List<Journal.Entry> entries = journal.entries();
        List<String> removed = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Journal.Entry e : entries) {
            if (e.kind() == Journal.Kind.NETNS) boot.killAll(e.value());
        }
        List<Journal.Entry> reverse = new ArrayList<>(entries);
        Collections.reverse(reverse);
        for (Journal.Entry e : reverse) {
            try {
                if (resources.remove(e)) removed.add(e.kind().name().toLowerCase() + " " + e.value());
            } catch (RemoteException ex) {
                errors.add(ex.getMessage());
            }
        }
        if (errors.isEmpty()) {
            try (ExclusiveLock lock = lockStateRoot()) {
                machine.run(RootfsImage.unmountBelow(dir) + " && rm -rf --one-file-system " + quote(dir.toString()));
                network.restoreForwarding();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Result r = !errors.isEmpty()
                ? Result.failed(environment, "local down", String.join("; ", errors))
                : Result.changed(environment, "local down", "removed " + removed.size() + " resources", String.join("\n", removed));
        progress.result(r.took(took));
        return r.took(took);
    }

    /** Every environment with state on this machine. */
    public List<LocalEnvironment> list() {
        if (!Files.isDirectory(settings.stateRoot())) return List.of();
        try (Stream<Path> s = Files.list(settings.stateRoot())) {
            return s.filter(Files::isDirectory).sorted()
                    .flatMap(d -> environment(d.getFileName().toString()).stream()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + settings.stateRoot() + ": " + e.getMessage(), e);
        }
    }

    /** One environment as it is now: hosts whose namespace exists. */
    public Optional<LocalEnvironment> environment(String environment) {
        Path dir = envDir(environment);
        Optional<PlatformState> loaded = PlatformState.load(dir);
        if (loaded.isEmpty() || loaded.get().jump().isEmpty()) return Optional.empty();
        PlatformState state = loaded.get();
        LinkNames names = new LinkNames(environment);
        String jumpShort = state.jump().get();
        String jumpOutside = state.jumpLinkAddress();
        List<Host> hosts = new ArrayList<>();
        Host jump = null;
        for (Map.Entry<String, PlatformState.HostEntry> e : state.hosts().entrySet()) {
            String ns = names.netns(e.getKey());
            boolean isJump = e.getKey().equals(jumpShort);
            Host h = new Host(HostName.parse(e.getValue().fqdn()), e.getValue().address(),
                    isJump ? Optional.of(jumpOutside) : Optional.empty(), ns);
            if (isJump) jump = h;
            if (Files.exists(Path.of("/run/netns", ns))) hosts.add(h);
        }
        if (jump == null) return Optional.empty();
        return Optional.of(new LocalEnvironment(environment, new Inventory(hosts), jump, jumpOutside, 22,
                dir.resolve("known_hosts"), dir.resolve("id_ed25519"), dir.resolve("ssh_config"), dir,
                state.internal(), state.outside()));
    }

    /** Kills every process of the host (sshd and what it started) and starts sshd again; the overlay keeps its files. */
    public Result hardReboot(HostName name, Progress progress) {
        requireRoot();
        long start = System.nanoTime();
        LinkNames names = new LinkNames(name.environment());
        Path dir = envDir(name.environment());
        Optional<PlatformState> loaded = PlatformState.load(dir).filter(s -> s.hosts().containsKey(name.shortName()));
        if (loaded.isEmpty()) return Result.failed(name.fqdn(), "local host hard reboot", "no such local host");
        PlatformState state = loaded.get();
        String ns = names.netns(name.shortName());
        if (!Files.exists(Path.of("/run/netns", ns))) {
            return Result.failed(name.fqdn(), "local host hard reboot", "namespace " + ns + " does not exist: create the host first");
        }
        progress.step(name.fqdn(), "hard reboot: killing every process of " + ns);
        boot.killAll(ns);
        boot.start(name.shortName(), ns, dir.resolve("hosts").resolve(name.shortName()));
        boot.await(name.fqdn(), ns, dir.resolve("hosts").resolve(name.shortName()));
        Result r = Result.changed(name.fqdn(), "local host hard reboot", "sshd restarted at " + state.hosts().get(name.shortName()).address(), "")
                .took(Duration.ofNanos(System.nanoTime() - start));
        progress.result(r);
        return r;
    }

    /**
     * Kills every process of the host, as a VM that died leaves it (a kernel panic, a power cut): its namespace,
     * links and files stay and nothing answers until {@link #hardReboot}. For fault tests and drills.
     */
    public Result powerOff(HostName name, Progress progress) {
        requireRoot();
        long start = System.nanoTime();
        String ns = new LinkNames(name.environment()).netns(name.shortName());
        boolean known = PlatformState.load(envDir(name.environment())).filter(s -> s.hosts().containsKey(name.shortName())).isPresent();
        if (!known || !Files.exists(Path.of("/run/netns", ns))) return Result.failed(name.fqdn(), "local host power off", "no such local host");
        progress.step(name.fqdn(), "power off: killing every process of " + ns);
        boot.killAll(ns);
        Result r = Result.changed(name.fqdn(), "local host power off", "every process of " + ns + " killed", "")
                .took(Duration.ofNanos(System.nanoTime() - start));
        progress.result(r);
        return r;
    }

    /** Removes one host (processes, overlay, links, namespace, files); the environment's network stays. */
    public Result delete(HostName name, Progress progress) {
        requireRoot();
        long start = System.nanoTime();
        Path dir = envDir(name.environment());
        Optional<PlatformState> loaded = PlatformState.load(dir);
        if (loaded.isEmpty() || !loaded.get().hosts().containsKey(name.shortName())) {
            return Result.ok(name.fqdn(), "local host delete", "does not exist");
        }
        LinkNames names = new LinkNames(name.environment());
        String s = name.shortName();
        String ns = names.netns(s);
        Path hostDir = dir.resolve("hosts").resolve(s);
        boot.killAll(ns);
        resources.remove(new Journal.Entry(Journal.Kind.MOUNT, hostDir.resolve("merged").toString()));
        resources.remove(new Journal.Entry(Journal.Kind.LINK, names.outsideLink(s)));
        resources.remove(new Journal.Entry(Journal.Kind.LINK, names.bridgePort(s)));
        resources.remove(new Journal.Entry(Journal.Kind.NETNS, ns));
        machine.run(RootfsImage.unmountBelow(hostDir) + " && rm -rf --one-file-system " + quote(hostDir.toString()));
        PlatformState state;
        try (ExclusiveLock lock = lockStateRoot()) {
            state = PlatformState.load(dir).orElseThrow().withoutHost(s);
            state.save(dir);
        }
        files.writePlatformFiles(state, dir).forEach((host, why) -> progress.step(host, why));
        Result r = Result.changed(name.fqdn(), "local host delete", "removed " + ns, "").took(Duration.ofNanos(System.nanoTime() - start));
        progress.result(r);
        return r;
    }

    /**
     * What of an environment exists on this machine (links, namespaces,
     * mounts, iptables rules, routes, addresses, state directory): empty after
     * a clean {@link #down}. For checks and for people after a failed down.
     */
    public List<String> traces(LocalEnvironment env) {
        LinkNames n = new LinkNames(env.environment());
        String tag = n.bridge().substring(0, n.bridge().length() - 2);
        List<String> netns = new ArrayList<>();
        env.inventory().hosts().forEach(h -> netns.add(n.netns(h.shortName())));
        netns.add(n.netns(env.jump().shortName()));
        netns.add(n.netns(LinkNames.GATEWAY));
        String dir = env.stateDir().toString();
        String script = String.join("\n",
                "ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1 | grep '^" + tag + "' | sed 's/^/link /'",
                "for ns in " + String.join(" ", netns) + "; do [ ! -e /run/netns/$ns ] || echo netns $ns; done",
                "awk -v d=" + quote(dir) + " '$5 == d || index($5, d \"/\") == 1 {print \"mount \" $5}' /proc/self/mountinfo",
                "iptables-save 2>/dev/null | grep -e " + quote("rolestack:" + env.environment() + " ") + " -e " + quote(n.chain()) + " | sed 's/^/iptables /'",
                "ip -4 route show table all | grep -F " + quote(env.internal().toString()) + " | sed 's/^/route /'",
                "ip -4 -o addr show | awk '{print $2, $4}' | while read dev a; do case \"$a\" in " + outsideGlob(env.outside()) + ") echo \"address $a on $dev\";; esac; done",
                "[ ! -e " + quote(dir) + " ] || echo state " + quote(dir),
                "true");
        String out = machine.run(script).stdout().strip();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    /** A shell case pattern for the addresses of an outside subnet (a /29 or larger, within one /24). */
    private static String outsideGlob(Ipv4Subnet outside) {
        List<String> p = new ArrayList<>();
        for (long i = 0; i < outside.size(); i++) p.add(outside.address(i) + "/*");
        return String.join("|", p);
    }

    /**
     * Settings whose subnets no environment here and no route of this machine
     * uses yet: what tests use to run side by side.
     */
    public LocalSettings freeSlot() {
        try (ExclusiveLock lock = lockStateRoot()) {
            for (int n = 0; n < 256; n++) {
                LocalSettings candidate = settings.slot(n);
                if (conflict(candidate.internalSubnet(), candidate.outsideSubnet(), "").isEmpty()) return candidate;
            }
        }
        throw new LocalHostsException("no free local subnet slot (10.213.0.0/16 and 10.214.0.0/16 all in use)");
    }

    // ------------------------------------------------------------- validation

    private static List<HostName> validate(List<HostName> hosts, HostName jump) {
        if (jump == null) throw new IllegalArgumentException("no jump host given");
        List<HostName> all = new ArrayList<>();
        all.add(jump);
        Set<String> seen = new HashSet<>();
        seen.add(jump.shortName());
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(LinkNames.hex(jump.shortName(), 4), jump.shortName());
        for (HostName h : hosts) {
            if (!h.environment().equals(jump.environment())) {
                throw new IllegalArgumentException("host " + h.fqdn() + " is not in the jump host's environment '" + jump.environment() + "'");
            }
            if (h.shortName().equals(jump.shortName())) {
                if (!h.equals(jump)) throw new IllegalArgumentException("duplicate hostname " + h.shortName() + " (" + h.fqdn() + " and " + jump.fqdn() + ")");
                continue;
            }
            if (!seen.add(h.shortName())) throw new IllegalArgumentException("duplicate hostname " + h.shortName() + " in " + hosts);
            String other = tags.putIfAbsent(LinkNames.hex(h.shortName(), 4), h.shortName());
            if (other != null) {
                throw new IllegalArgumentException("hostnames " + other + " and " + h.shortName() + " hash to the same link name; rename one");
            }
            if (h.shortName().equals(LinkNames.GATEWAY)) throw new IllegalArgumentException("hostname 'gw' is reserved for the egress gateway");
            all.add(h);
        }
        return all;
    }

    /** Root, and the tools this provider runs; the message lists the Debian packages to install. */
    private void preflight() {
        requireRoot();
        StringBuilder check = new StringBuilder();
        for (String t : TOOLS) {
            String[] tp = t.split(":");
            check.append("command -v ").append(tp[0]).append(" >/dev/null 2>&1 || echo ").append(quote(tp[0] + " (Debian package " + tp[1] + ")")).append("; ");
        }
        String missing = machine.exec(Command.of(check.toString())).stdout().strip();
        if (!missing.isEmpty()) {
            throw new LocalHostsException("local hosts need these tools, not found on this machine: " + missing.replace("\n", ", "));
        }
    }

    private void requireRoot() {
        String uid = machine.exec(Command.of("id -u")).stdout().strip();
        if (!"0".equals(uid)) {
            throw new LocalHostsException("local hosts need root (namespaces, mounts, links, iptables): id -u is " + uid + "; run as root");
        }
    }

    /**
     * Fixes subnets and addresses for the environment and saves them; throws on conflicts before anything is made.
     * Makes nothing on the machine (reads its routes): package-private for tests.
     */
    PlatformState reserve(String env, List<HostName> all, HostName jump, boolean save) {
        Path dir = envDir(env);
        PlatformState state = PlatformState.load(dir).orElse(null);
        if (state == null) {
            LocalSettings subnets = subnetsFor(env);
            state = new PlatformState(env, subnets.internalSubnet(), subnets.outsideSubnet(), Optional.of(jump.shortName()), Map.of());
        } else if (!settings.automaticSubnets()
                && (!state.internal().equals(settings.internalSubnet()) || !state.outside().equals(settings.outsideSubnet()))) {
            throw new IllegalArgumentException("environment " + env + " exists with subnet " + state.internal() + " and jump subnet " + state.outside()
                    + ", not " + settings.internalSubnet() + " and " + settings.outsideSubnet()
                    + ": take it down first (local down) to change its subnets, or leave them out to keep them");
        } else if (state.jump().isPresent() && !state.jump().get().equals(jump.shortName())) {
            throw new IllegalArgumentException("environment " + env + " already has jump host " + state.jump().get() + ", not " + jump.shortName());
        } else if (state.jump().isEmpty()) {
            state = state.withJump(jump.shortName());
        }
        PlatformState current = state;
        long fresh = all.stream().filter(h -> !current.hosts().containsKey(h.shortName())).count();
        long free = state.internal().size() - 1 - 10 - state.hosts().size();
        if (fresh > free) {
            throw new IllegalArgumentException("internal subnet " + state.internal() + " is too small for " + (state.hosts().size() + fresh)
                    + " hosts (addresses .10 up to the broadcast address; " + free + " free)");
        }
        for (HostName h : all) {
            PlatformState.HostEntry known = state.hosts().get(h.shortName());
            if (known != null && !known.fqdn().equals(h.fqdn())) {
                throw new IllegalArgumentException("host " + h.shortName() + " exists in environment " + env + " as " + known.fqdn() + ", not " + h.fqdn());
            }
            if (known == null) state = state.withHost(h.shortName(), new PlatformState.HostEntry(h.fqdn(), state.nextAddress()));
        }
        if (save) state.save(dir);
        return state;
    }

    /**
     * The subnets of a new environment: exactly those of the settings when they
     * were given (refused when in use), else the first free slot (slot 0 when
     * free). Called under the state root lock when the result is saved, so two
     * environments made at once never get the same slot.
     */
    private LocalSettings subnetsFor(String env) {
        Optional<String> conflict = conflict(settings.internalSubnet(), settings.outsideSubnet(), env);
        if (conflict.isEmpty()) return settings;
        if (!settings.automaticSubnets()) {
            throw new SubnetInUseException(conflict.get() + " (environment " + env + " asks for exactly these subnets;"
                    + " leave subnet and jumpSubnet out of the spec to get a free slot)");
        }
        for (int n = 0; n < LocalSettings.slots(); n++) {
            LocalSettings candidate = settings.slot(n);
            if (conflict(candidate.internalSubnet(), candidate.outsideSubnet(), env).isEmpty()) return candidate;
        }
        throw new SubnetInUseException("no free local subnet slot for environment " + env + " (10.213.0.0/16 and 10.214.0.0/16 all in use)");
    }

    /** Why these subnets cannot be used: another environment or a route of this machine has them. */
    private Optional<String> conflict(Ipv4Subnet internal, Ipv4Subnet outside, String self) {
        if (Files.isDirectory(settings.stateRoot())) {
            try (Stream<Path> s = Files.list(settings.stateRoot())) {
                for (Path d : s.filter(Files::isDirectory).toList()) {
                    if (d.getFileName().toString().equals(self)) continue;
                    Optional<PlatformState> other = PlatformState.load(d);
                    if (other.isEmpty()) continue;
                    for (Ipv4Subnet mine : List.of(internal, outside)) {
                        for (Ipv4Subnet theirs : List.of(other.get().internal(), other.get().outside())) {
                            if (mine.overlaps(theirs)) {
                                return Optional.of("subnet " + mine + " overlaps " + theirs + " of local environment " + other.get().environment());
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String line : machine.run("ip -4 route show table all").stdout().split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length == 0 || w[0].isEmpty()) continue;
            String dest = w[0].matches("[a-z]+") && w.length > 1 ? w[1] : w[0]; // "unreachable 10.x/24", "local 1.2.3.4"
            if (dest.equals("default") || !dest.matches("[0-9.]+(/[0-9]+)?")) continue;
            Ipv4Subnet route;
            try {
                route = dest.contains("/") ? Ipv4Subnet.parse(dest) : new Ipv4Subnet(Ipv4Subnet.parseAddress(dest), 32);
            } catch (IllegalArgumentException e) {
                continue;
            }
            for (Ipv4Subnet mine : List.of(internal, outside)) {
                if (mine.overlaps(route)) return Optional.of("subnet " + mine + " overlaps route '" + line.strip() + "' of this machine");
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ hosts

    /** Makes what is missing of one host; returns what was made or rewritten (empty: nothing changed). */
    private List<String> ensureHost(PlatformState state, String s, Path rootfs, LinkNames n, Journal journal, Progress progress) {
        List<String> made = new ArrayList<>();
        String fqdn = state.hosts().get(s).fqdn();
        boolean jump = state.jump().orElse("").equals(s);
        String ns = n.netns(s);
        if (network.namespace(n, s, journal)) made.add("netns " + ns);
        if (network.bridgePort(n, s, journal)) made.add("link " + n.bridgePort(s));
        Ipv4Subnet jumpLink = state.jumpLink();
        if (jump && network.outsideLink(n, s, jumpLink.address(1), journal)) made.add("link " + n.outsideLink(s));
        network.configureInside(ns, state.internal(), state.hosts().get(s).address(),
                jump ? jumpLink.address(2) : null,
                // the jump host goes out through the machine; the others through the egress gateway
                jump ? jumpLink.address(1) : state.internal().address(1), false);

        Path hostDir = envDir(state.environment()).resolve("hosts").resolve(s);
        Path merged = hostDir.resolve("merged");
        Path lowerFile = hostDir.resolve("lower");
        try {
            Files.createDirectories(hostDir);
            // A host keeps the rootfs it was made from, even when a newer one is built later.
            if (!Files.exists(lowerFile)) AtomicFile.write(lowerFile, rootfs + "\n", AtomicFile.PUBLIC);
            Path lower = Path.of(Files.readString(lowerFile).strip());
            if (resources.ensure(journal, Journal.Kind.MOUNT, merged.toString(), "mountpoint -q " + quote(merged.toString()),
                    "mkdir -p " + quote(hostDir.resolve("upper").toString()) + " " + quote(hostDir.resolve("work").toString()) + " " + quote(merged.toString())
                            + " && mount -t overlay overlay -o " + quote("lowerdir=" + lower + ",upperdir=" + hostDir.resolve("upper") + ",workdir=" + hostDir.resolve("work"))
                            + " " + quote(merged.toString()))) {
                made.add("mount " + merged);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + hostDir + ": " + e.getMessage(), e);
        }
        made.addAll(files.writeHostFiles(state, s, fqdn, merged, hostDir, envDir(state.environment())));
        if (machine.run("ip netns pids " + ns).stdout().isBlank()) {
            progress.step(fqdn, "starting sshd in " + ns + " at " + state.hosts().get(s).address());
            boot.start(s, ns, hostDir);
            made.add("sshd started");
        }
        return made;
    }

    /**
     * Host key (made once, never leaves the host but its public half), identity, deploy key, sshd settings.
     * Every file goes through {@link GuestRoot}: the host controls its root, a link in it is never followed.
     */
    // ------------------------------------------------------------------ files

    Path envDir(String environment) {
        if (!environment.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")) {
            throw new IllegalArgumentException("environment '" + environment + "' is not a hostname label");
        }
        return settings.stateRoot().resolve(environment);
    }

    private ExclusiveLock lockStateRoot() {
        return ExclusiveLock.acquire(settings.stateRoot().resolve(".lock"));
    }


}
