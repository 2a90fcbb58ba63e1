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
import io.rolestack.core.wait.Wait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

    public LocalPlatform(LocalSettings settings) {
        this(settings, new LocalRemote("localhost"), AptSources.DIR);
    }

    LocalPlatform(LocalSettings settings, Remote machine, Path aptDir) {
        this.settings = settings;
        this.machine = machine;
        this.aptDir = aptDir;
        this.resources = new JournaledResources(machine);
        this.network = new LocalNetwork(settings, machine, resources, this::lockStateRoot);
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
            deployKey(dir);
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
        Map<String, String> refused = writePlatformFiles(state, names);
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
                awaitSshd(h.fqdn(), names.netns(h.shortName()));
            } catch (LocalHostsException e) {
                results.put(h.shortName(), Result.failed(h.fqdn(), "local host create", e.getMessage()).took(r.duration()));
            }
        }
        results.values().forEach(progress::result);
        return new ArrayList<>(results.values());
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
            if (e.kind() == Journal.Kind.NETNS) killAll(e.value());
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
        killAll(ns);
        startSshd(name.shortName(), ns, dir.resolve("hosts").resolve(name.shortName()));
        awaitSshd(name.fqdn(), ns);
        Result r = Result.changed(name.fqdn(), "local host hard reboot", "sshd restarted at " + state.hosts().get(name.shortName()).address(), "")
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
        killAll(ns);
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
        writePlatformFiles(state, names).forEach((host, why) -> progress.step(host, why));
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
        made.addAll(writeHostFiles(state, s, fqdn, merged, hostDir));
        if (machine.run("ip netns pids " + ns).stdout().isBlank()) {
            progress.step(fqdn, "starting sshd in " + ns + " at " + state.hosts().get(s).address());
            startSshd(s, ns, hostDir);
            made.add("sshd started");
        }
        return made;
    }

    /**
     * Host key (made once, never leaves the host but its public half), identity, deploy key, sshd settings.
     * Every file goes through {@link GuestRoot}: the host controls its root, a link in it is never followed.
     */
    private List<String> writeHostFiles(PlatformState state, String s, String fqdn, Path m, Path hostDir) {
        List<String> written = new ArrayList<>();
        GuestRoot guest = new GuestRoot(m, fqdn);
        String key = "etc/ssh/ssh_host_ed25519_key";
        if (!guest.isFile(key)) {
            // made in our own directory, then copied in: ssh-keygen would follow links inside the host
            Path made = hostDir.resolve("hostkey.new");
            machine.run("rm -rf " + quote(made.toString()) + " && mkdir -m 700 " + quote(made.toString())
                    + " && ssh-keygen -q -t ed25519 -N '' -C " + quote("root@" + fqdn) + " -f " + quote(made.resolve("key").toString()));
            try {
                guest.writeIfDifferent(key + ".pub", Files.readAllBytes(made.resolve("key.pub")), AtomicFile.PUBLIC);
                guest.writeIfDifferent(key, Files.readAllBytes(made.resolve("key")), AtomicFile.PRIVATE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the new host key in " + made + ": " + e.getMessage(), e);
            } finally {
                machine.run("rm -rf " + quote(made.toString()));
            }
            written.add("host key /etc/ssh/ssh_host_ed25519_key");
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put("etc/hostname", s + "\n");
        files.put("etc/hosts", etcHosts(state));
        files.put("etc/resolv.conf", read(Path.of("/etc/resolv.conf")));
        files.put("root/.ssh/authorized_keys", read(envDir(state.environment()).resolve("id_ed25519.pub")));
        files.put("etc/ssh/sshd_config.d/rolestack.conf", String.join("\n",
                "# written by rolestack local hosts: one host key, made for this host; keys only",
                "HostKey /etc/ssh/ssh_host_ed25519_key",
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UseDNS no",
                ""));
        files.forEach((path, content) -> {
            if (guest.writeIfDifferent(path, content, path.startsWith("root/") ? AtomicFile.PRIVATE : AtomicFile.PUBLIC)) written.add("file /" + path);
        });
        return written;
    }

    private static String etcHosts(PlatformState state) {
        StringBuilder b = new StringBuilder("127.0.0.1\tlocalhost\n");
        state.hosts().forEach((s, h) -> b.append(h.address()).append('\t').append(h.fqdn()).append('\t').append(s).append('\n'));
        return b.toString();
    }

    /**
     * sshd as PID 1 of new mount, pid, uts and ipc namespaces inside the
     * host's network namespace, chrooted into its overlay, and the services
     * enabled at boot (/etc/rc2.d) started beside it. /run, /dev and
     * /dev/pts are fresh per boot (a hard reboot forgets pid files, as a real
     * one does); the shared apt archive cache is bound over
     * /var/cache/apt/archives. All of these mounts live in the host's mount
     * namespace and vanish with its last process.
     */
    private void startSshd(String s, String ns, Path hostDir) {
        String m = hostDir.resolve("merged").toString();
        // Only hosts whose apt takes turns on the directory (RootfsImage's flock wrapper) may share it;
        // the name changes with that protocol, so hosts of an older rootfs never share it with newer ones.
        Path archives = settings.cacheRoot().resolve(RootfsImage.SHARED_ARCHIVES);
        String q = quote(m);
        String boot = String.join("\n",
                "set -e",
                "hostname " + quote(s),
                "mount -t tmpfs -o mode=755,size=64m tmpfs " + q + "/run",
                "mkdir -p " + q + "/run/sshd " + q + "/run/lock",
                "mount -t tmpfs -o mode=755,size=1m tmpfs " + q + "/dev",
                "for d in null zero full random urandom tty; do touch " + q + "/dev/$d; mount --bind /dev/$d " + q + "/dev/$d; done",
                "mkdir " + q + "/dev/pts " + q + "/dev/shm",
                "mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 devpts " + q + "/dev/pts",
                "ln -s pts/ptmx " + q + "/dev/ptmx",
                "ln -s /proc/self/fd " + q + "/dev/fd",
                "ln -s /proc/self/fd/0 " + q + "/dev/stdin; ln -s /proc/self/fd/1 " + q + "/dev/stdout; ln -s /proc/self/fd/2 " + q + "/dev/stderr",
                "mount -t tmpfs -o mode=1777 tmpfs " + q + "/dev/shm",
                "mount -t sysfs -o ro sysfs " + q + "/sys",
                "mount --bind " + quote(archives.toString()) + " " + q + "/var/cache/apt/archives",
                // What init does at boot: the services enabled for the default runlevel start (a reboot brings a
                // host's memcached or php-fpm back, as on a VM), beside sshd; sshd, as PID 1, reaps them.
                "( for s in " + q + "/etc/rc2.d/S*; do { [ -x \"$s\" ] && chroot " + q + " /etc/rc2.d/\"${s##*/}\" start; } || true; done ) </dev/null &",
                "exec chroot " + q + " /usr/sbin/sshd -D -e");
        machine.run("mkdir -p " + quote(archives.resolve("partial").toString())
                + " && ip netns exec " + ns + " setsid unshare --mount --pid --uts --ipc --fork --mount-proc=" + q + "/proc"
                + " sh -c " + quote(boot) + " </dev/null >>" + quote(hostDir.resolve("console.log").toString()) + " 2>&1 &");
    }

    private static final Duration SSHD_START = Duration.ofSeconds(60);

    private void awaitSshd(String fqdn, String ns) {
        // 60 s, not 20: in CI, seven hosts booting at once on two cores once left frontend1's sshd silent past 20 s.
        Wait.upTo(SSHD_START).every(Duration.ofMillis(100))
                .until(() -> !machine.exec(Command.of("ip netns exec " + ns + " ss -Hltn 'sport = :22'")).stdout().isBlank(),
                        () -> new LocalHostsException(fqdn + ": sshd not listening on port 22 after " + SSHD_START.toSeconds()
                                + " s (see console.log in its state dir)"));
    }

    /** Kills every process in a network namespace and waits until none is left. */
    private void killAll(String ns) {
        if (!Files.exists(Path.of("/run/netns", ns))) return;
        machine.run("for i in $(seq 1 100); do p=$(ip netns pids " + ns + "); [ -n \"$p\" ] || exit 0; kill -9 $p 2>/dev/null; sleep 0.1; done;"
                + " echo 'processes left in " + ns + "' >&2; exit 1");
    }

    // ---------------------------------------------------------- SSH identity

    /** The deploy user's key pair, one per environment. */
    private void deployKey(Path dir) {
        Path key = dir.resolve("id_ed25519");
        if (Files.exists(key) && Files.exists(dir.resolve("id_ed25519.pub"))) return;
        machine.run("rm -f " + quote(key.toString()) + " " + quote(key + ".pub")
                + " && ssh-keygen -q -t ed25519 -N '' -C " + quote("rolestack-" + dir.getFileName()) + " -f " + quote(key.toString()));
    }

    /**
     * known_hosts (each host's key under its names and addresses: the jump
     * host's outside address, the others' internal ones, as a client through
     * the jump host names them) and an OpenSSH client config; /etc/hosts of
     * every running host follows the platform. A host whose root refuses a
     * read or write (a link where a file or directory should be) keeps its
     * files as they are and is named in the result: short name → why.
     */
    private Map<String, String> writePlatformFiles(PlatformState state, LinkNames n) {
        Map<String, String> refused = new LinkedHashMap<>();
        Path dir = envDir(state.environment());
        StringBuilder known = new StringBuilder();
        StringBuilder config = new StringBuilder("# rolestack local environment " + state.environment() + ": ssh -F " + dir.resolve("ssh_config") + " HOST\n");
        String jump = state.jump().orElseThrow();
        for (Map.Entry<String, PlatformState.HostEntry> e : state.hosts().entrySet()) {
            String s = e.getKey();
            PlatformState.HostEntry h = e.getValue();
            boolean isJump = s.equals(jump);
            String address = isJump ? state.jumpLinkAddress() : h.address();
            Optional<String> pub;
            try {
                // the upper directory holds what the host changed: the key as the host has it now, links included
                pub = new GuestRoot(dir.resolve("hosts").resolve(s).resolve("upper"), h.fqdn()).readString("etc/ssh/ssh_host_ed25519_key.pub");
            } catch (LocalHostsException refusal) {
                refused.put(s, refusal.getMessage());
                pub = Optional.empty();
            }
            if (pub.isPresent() && pub.get().strip().split("\\s+").length >= 2) {
                String[] k = pub.get().strip().split("\\s+");
                String names = isJump ? String.join(",", s, h.fqdn(), address, h.address()) : String.join(",", s, h.fqdn(), address);
                known.append(names).append(' ').append(k[0]).append(' ').append(k[1]).append('\n');
            }
            config.append("\nHost ").append(s).append(' ').append(h.fqdn()).append(' ').append(address).append('\n')
                    .append("  HostName ").append(address).append('\n');
            if (!isJump) config.append("  ProxyJump ").append(jump).append('\n');
            Path merged = dir.resolve("hosts").resolve(s).resolve("merged");
            if (!refused.containsKey(s) && machine.exec(Command.of("mountpoint -q " + quote(merged.toString()))).ok()) {
                try {
                    new GuestRoot(merged, h.fqdn()).writeIfDifferent("etc/hosts", etcHosts(state), AtomicFile.PUBLIC);
                } catch (LocalHostsException refusal) {
                    refused.put(s, refusal.getMessage());
                }
            }
        }
        config.append("\nHost *\n")
                .append("  User root\n")
                .append("  Port 22\n")
                .append("  IdentityFile ").append(dir.resolve("id_ed25519")).append('\n')
                .append("  IdentitiesOnly yes\n")
                .append("  UserKnownHostsFile ").append(dir.resolve("known_hosts")).append('\n')
                .append("  GlobalKnownHostsFile /dev/null\n")
                .append("  StrictHostKeyChecking yes\n")
                .append("  HostKeyAlgorithms ssh-ed25519\n")
                .append("  BatchMode yes\n")
                .append("  ConnectTimeout 10\n");
        AtomicFile.writeIfDifferent(dir.resolve("known_hosts"), known.toString(), AtomicFile.PUBLIC);
        AtomicFile.writeIfDifferent(dir.resolve("ssh_config"), config.toString(), AtomicFile.PUBLIC);
        return refused;
    }

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

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
