package io.rolestack.app.deploy;

import io.rolestack.app.release.AppBuild;
import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.Fanout;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.result.Result;
import io.rolestack.core.service.ServiceControl;
import io.rolestack.role.render.TemplateRenderer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Ships a built release to an app's hosts and switches to it (docs/apps.md):
 * <ol>
 *   <li>take the app's {@link DeployLock} on the jump host (held: fail, change nothing);</li>
 *   <li>read every host's releases; when every host already has this release current (and the site is as
 *       rendered), nothing changes;</li>
 *   <li>stream the archive to each host that lacks it (one stream per host, through the jump host) — a failure
 *       here stops before any switch;</li>
 *   <li>install the app's nginx site on the frontends;</li>
 *   <li>switch {@code current} on the app hosts, then on the frontends (whose resolved path decides which release
 *       serves a request), reload php-fpm;</li>
 *   <li>check health through every frontend; when it fails: mark the release BAD everywhere, switch back to what
 *       each host had, reload php-fpm;</li>
 *   <li>keep {@code keep} good releases per host (BAD ones are pruned apart and never push a good one out).</li>
 * </ol>
 */
public final class AppDeployer {
    private final Function<Host, Remote> remotes;
    private final TemplateRenderer renderer;
    private final Progress progress;
    private final int parallelism;

    public AppDeployer(Function<Host, Remote> remotes, TemplateRenderer renderer, Progress progress, int parallelism) {
        this.remotes = remotes;
        this.renderer = renderer;
        this.progress = progress;
        this.parallelism = parallelism;
    }

    public AppOutcome deploy(AppTarget t, AppBuild build) {
        try (Sessions s = new Sessions(t)) {
            return s.locked("app " + t.app(), build.id(), () -> deploy(s, t, build));
        }
    }

    private AppOutcome deploy(Sessions s, AppTarget t, AppBuild build) {
        String id = build.id();
        String op = "app " + t.app();
        List<Result> results = Collections.synchronizedList(new ArrayList<>());
        Map<Host, ReleaseState> states = s.states();
        Optional<String> previous = states.values().stream().findFirst().flatMap(ReleaseState::current);
        String site = FrontendSite.render(renderer, t.app(), t.role(), t.docroot(), t.hostnames(),
                t.appHosts().stream().map(Host::privateIp).toList(), t.fastcgiPort());

        List<Host> missing = t.hosts().stream().filter(h -> !states.get(h).has(id)).toList();
        List<String> failed = s.each(missing, h -> {
            progress.step(h.shortName(), op + ": unpacking release " + id);
            new HostReleases(s.on(h), t.base()).unpack(id, build.archive(), t.shared(), t.configs(), t.isAppHost(h));
            results.add(Result.changed(h.shortName(), op, "release " + id + " unpacked", ""));
        }, results, op);
        failed.addAll(s.each(t.frontends(), h -> {
            if (FrontendSite.install(s.on(h), t.app(), site)) {
                results.add(Result.changed(h.shortName(), op, "nginx site rolestack-app-" + t.app() + " written", ""));
            }
        }, results, op));
        if (!failed.isEmpty()) {
            return new AppOutcome(t.app(), id, previous, AppOutcome.Status.FAILED, results, "release " + id
                    + " not switched to: " + String.join("; ", failed));
        }
        boolean current = t.hosts().stream().allMatch(h -> states.get(h).current().map(id::equals).orElse(false));
        if (current) {
            t.hosts().forEach(h -> results.add(Result.ok(h.shortName(), op, "release " + id + " is current")));
            return new AppOutcome(t.app(), id, previous, results.stream().anyMatch(Result::changed)
                    ? AppOutcome.Status.DEPLOYED : AppOutcome.Status.UNCHANGED, results, "release " + id + " is current");
        }

        List<String> switchFailed = switchTo(s, t, h -> Optional.of(id), results, op);
        Optional<String> problem = switchFailed.isEmpty()
                ? s.probe(t).await(id, t.healthTimeout())
                : Optional.of("switching failed: " + String.join("; ", switchFailed));
        if (problem.isEmpty()) {
            s.each(t.hosts(), h -> prune(s.on(h), t, results, op), results, op);
            return new AppOutcome(t.app(), id, previous, AppOutcome.Status.DEPLOYED, results,
                    "release " + id + " is current and healthy" + previous.map(p -> " (was " + p + ")").orElse(""));
        }
        String why = "health check of " + t.healthPath() + " through the frontends failed: " + problem.get();
        progress.step(t.app(), op + ": " + why + "; rolling back");
        s.each(t.hosts(), h -> new HostReleases(s.on(h), t.base()).markBad(id, why), results, op);
        switchTo(s, t, h -> states.get(h).current().filter(c -> !c.equals(id)), results, op);
        return new AppOutcome(t.app(), id, previous, AppOutcome.Status.FAILED, results, "release " + id
                + " marked BAD and rolled back to " + previous.filter(p -> !p.equals(id)).orElse("no release (none before)")
                + ": " + why);
    }

    /**
     * Switches every host back to {@code to}, or to the good release made current before the current one; the
     * release left is marked BAD ({@code rolled back}), so that it is kept apart and visible.
     */
    public AppOutcome rollback(AppTarget t, Optional<String> to) {
        try (Sessions s = new Sessions(t)) {
            return s.locked("app " + t.app() + " rollback", to.orElse(""), () -> rollback(s, t, to));
        }
    }

    private AppOutcome rollback(Sessions s, AppTarget t, Optional<String> to) {
        String op = "app " + t.app() + " rollback";
        List<Result> results = Collections.synchronizedList(new ArrayList<>());
        Map<Host, ReleaseState> states = s.states();
        ReleaseState first = states.get(t.frontends().get(0));
        Optional<String> current = first.current();
        Optional<String> target = to.isPresent() ? to : first.previousGood();
        if (target.isEmpty()) {
            return new AppOutcome(t.app(), current.orElse(""), current, AppOutcome.Status.FAILED, results,
                    "no good release to roll back to on " + first.host() + " (releases: " + first.releases().stream()
                            .map(r -> r.id() + (r.good() ? "" : " BAD")).toList() + ")");
        }
        String id = target.get();
        List<String> lacking = t.hosts().stream().filter(h -> !states.get(h).has(id)).map(Host::shortName).toList();
        if (!lacking.isEmpty()) {
            return new AppOutcome(t.app(), id, current, AppOutcome.Status.FAILED, results,
                    "release " + id + " is not on " + String.join(", ", lacking) + ": nothing switched");
        }
        List<String> failed = switchTo(s, t, h -> Optional.of(id), results, op);
        current.filter(c -> !c.equals(id)).ifPresent(c -> s.each(t.hosts(), h -> new HostReleases(s.on(h), t.base())
                .markBad(c, "rolled back by hand to " + id), results, op));
        Optional<String> problem = failed.isEmpty() ? s.probe(t).await(id, t.healthTimeout())
                : Optional.of("switching failed: " + String.join("; ", failed));
        return new AppOutcome(t.app(), id, current, problem.isEmpty() ? AppOutcome.Status.ROLLED_BACK : AppOutcome.Status.FAILED,
                results, "release " + id + " is current" + current.map(c -> " (was " + c + ", now BAD)").orElse("")
                + problem.map(p -> "; but its health check fails: " + p).orElse(""));
    }

    /** Every host's releases of the app. */
    public List<ReleaseState> releases(AppTarget t) {
        try (Sessions s = new Sessions(t)) {
            return List.copyOf(s.states().values());
        }
    }

    /** App hosts first, then frontends; php-fpm reloaded on app hosts that switched. Returns what failed. */
    private List<String> switchTo(Sessions s, AppTarget t, Function<Host, Optional<String>> target, List<Result> results, String op) {
        List<String> failed = new ArrayList<>(s.each(t.appHosts(), h -> {
            HostReleases r = new HostReleases(s.on(h), t.base());
            Optional<String> id = target.apply(h);
            if (id.isPresent()) r.activate(id.get());
            else r.deactivate();
            s.on(h).run(ServiceControl.detect(s.on(h)).reload(t.phpFpmService()).asRoot());
            results.add(Result.changed(h.shortName(), op, "current -> " + id.orElse("none") + ", " + t.phpFpmService() + " reloaded", ""));
        }, results, op));
        failed.addAll(s.each(t.frontends().stream().filter(h -> !t.isAppHost(h)).toList(), h -> {
            HostReleases r = new HostReleases(s.on(h), t.base());
            Optional<String> id = target.apply(h);
            if (id.isPresent()) r.activate(id.get());
            else r.deactivate();
            results.add(Result.changed(h.shortName(), op, "current -> " + id.orElse("none"), ""));
        }, results, op));
        return failed;
    }

    private void prune(Remote remote, AppTarget t, List<Result> results, String op) {
        HostReleases r = new HostReleases(remote, t.base());
        List<String> old = r.read().beyond(t.keep());
        r.remove(old);
        if (!old.isEmpty()) results.add(Result.changed(remote.host(), op, "removed old releases " + String.join(", ", old), ""));
    }

    /** One SSH session per host for the whole operation (and the jump host's for the health check). */
    private final class Sessions implements AutoCloseable {
        private final Map<Host, Remote> open = Collections.synchronizedMap(new LinkedHashMap<>());
        private final AppTarget target;

        Sessions(AppTarget target) {
            this.target = target;
        }

        Remote on(Host h) {
            synchronized (open) {
                return open.computeIfAbsent(h, remotes);
            }
        }

        Map<Host, ReleaseState> states() {
            List<Object> read = Fanout.run(target.hosts(), parallelism,
                    h -> (Object) new HostReleases(on(h), target.base()).read(), (h, e) -> e);
            Map<Host, ReleaseState> states = new LinkedHashMap<>();
            for (int i = 0; i < read.size(); i++) {
                Host h = target.hosts().get(i);
                if (read.get(i) instanceof RuntimeException e) {
                    throw new AppDeployException(h.shortName() + ": cannot read the releases of app " + target.app()
                            + ": " + e.getMessage(), e);
                }
                states.put(h, (ReleaseState) read.get(i));
            }
            return states;
        }

        /** Runs {@code work} holding the app's deploy lock on the jump host; a held lock is a failed outcome naming its holder. */
        AppOutcome locked(String op, String release, java.util.function.Supplier<AppOutcome> work) {
            DeployLock lock = new DeployLock(on(target.jump()), target.app());
            String holder = System.getProperty("user.name") + "@" + localHost() + " pid " + ProcessHandle.current().pid()
                    + " (" + op + ")";
            Optional<String> held = lock.acquire(holder, DeployLock.DEFAULT_TTL);
            if (held.isPresent()) {
                return new AppOutcome(target.app(), release, Optional.empty(), AppOutcome.Status.FAILED,
                        List.of(Result.failed(target.jump().shortName(), op, "deploy lock " + held.get())),
                        "another deploy of app " + target.app() + " is running: lock " + DeployLock.DIR + "/" + target.app()
                                + " on " + target.jump().shortName() + " " + held.get() + "; nothing changed");
            }
            try {
                return work.get();
            } finally {
                lock.release(holder);
            }
        }

        private static String localHost() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                return "unknown-host";
            }
        }

        HealthProbe probe(AppTarget t) {
            int requests = Math.max(2, t.appHosts().size() * 2);
            return new HealthProbe(on(t.jump()), t.frontends().stream().map(Host::privateIp).toList(), t.hostnames().get(0),
                    t.healthPath(), requests);
        }

        /** Runs {@code step} on each host in parallel; a host that fails gets a failed result and its message back. */
        List<String> each(List<Host> hosts, java.util.function.Consumer<Host> step, List<Result> results, String op) {
            List<String> failed = Fanout.run(hosts, parallelism, h -> {
                step.accept(h);
                return (String) null;
            }, (h, e) -> {
                results.add(Result.failed(h.shortName(), op, e.getMessage()));
                return h.shortName() + ": " + e.getMessage();
            });
            return new ArrayList<>(failed.stream().filter(java.util.Objects::nonNull).toList());
        }

        @Override
        public void close() {
            synchronized (open) {
                open.values().forEach(r -> {
                    try {
                        r.close();
                    } catch (RuntimeException ignored) {
                        // Closing a session that broke is not the deploy's failure.
                    }
                });
            }
        }
    }
}
