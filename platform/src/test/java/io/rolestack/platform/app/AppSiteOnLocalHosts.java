package io.rolestack.platform.app;

import io.rolestack.app.deploy.AppOutcome;
import io.rolestack.core.events.Progress;
import io.rolestack.core.remote.Command;
import io.rolestack.core.remote.ExecResult;
import io.rolestack.core.remote.Remote;
import io.rolestack.core.remote.Shell;
import io.rolestack.core.result.Status;
import io.rolestack.core.secrets.FileSecretStore;
import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.platform.Platform;
import io.rolestack.platform.PlatformOptions;
import io.rolestack.platform.deploy.DeployOutcome;
import io.rolestack.platform.exec.ExecOutcome;
import io.rolestack.platform.exec.ExecRequest;
import io.rolestack.platform.provider.Providers;
import io.rolestack.role.plan.Limit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the app-from-Debian-packages ITs (WordPress, MediaWiki) share: a spec of local hosts in a temporary
 * directory with its own secret store, the app's parent repo made by {@code scripts/app-repo}, requests through
 * frontend1 made from the jump host (so they take the platform's own path), commands on a host, SQL on the primary.
 */
final class AppSiteOnLocalHosts {
    final Path tmp;
    final PlatformSpec spec;
    final String app;
    final Path repo;

    /** {@code specYaml} is formatted with the state directory and the repo's URL, in that order. */
    AppSiteOnLocalHosts(Path tmp, String app, String specYaml) throws IOException {
        this.tmp = tmp;
        this.app = app;
        this.repo = tmp.resolve("repos/" + app + ".git");
        Path file = tmp.resolve("platform.yaml");
        Files.writeString(file, specYaml.formatted(tmp.resolve("state"), repo.toUri()));
        this.spec = SpecLoader.load(file);
    }

    void down() {
        assertThat(Providers.local(spec).down(spec.environment(), Progress.NONE).failed()).isFalse();
    }

    PlatformOptions options() {
        return PlatformOptions.defaults().withSecrets(tmp.resolve("secrets"));
    }

    Platform platform() {
        return Platform.open(spec, options());
    }

    /** The admin password {@code rolestack app setup} made, from the secret store. */
    String adminPassword() {
        return FileSecretStore.open(tmp.resolve("secrets")).read(AppSetup.passwordSecret(app)).orElseThrow().value().strip();
    }

    /** scripts/app-repo, run as the demo runs it; its stdout. */
    String appRepo() throws IOException, InterruptedException {
        Path script = Path.of("../scripts/app-repo").toAbsolutePath().normalize();
        Process p = new ProcessBuilder(script.toString(), app, repo.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    String frontendIp() {
        return privateIp("frontend1");
    }

    /**
     * One request through frontend1, from the jump host: "STATUS RELEASE-HEADER SET-COOKIES BODY". {@code stdin},
     * when given, is appended to {@code body} on the jump host (a password never goes into argv).
     */
    String http(String host, String method, String path, String body, String stdin, String cookie) {
        String py = "import http.client, sys\n"
                + "body = " + (body == null ? "None" : "'" + body + "'" + (stdin == null ? "" : " + sys.stdin.read().strip()")) + "\n"
                + "c = http.client.HTTPConnection('" + frontendIp() + "', 80, timeout=30)\n"
                + "h = {'Host': '" + host + "', 'Content-Type': 'application/x-www-form-urlencoded'"
                + (cookie == null ? "" : ", 'Cookie': '" + cookie + "'") + "}\n"
                + "c.request('" + method + "', '" + path + "', body=body, headers=h)\n"
                + "r = c.getresponse()\n"
                + "print(r.status, r.getheader('X-Rolestack-Release') or '-', ' '.join(v for k, v in r.getheaders() if k.lower() == 'set-cookie'),"
                + " r.read().decode(errors='replace').strip())\n";
        return python(py, stdin);
    }

    /** A Python 3 program run on the jump host (the way in, as a browser through a tunnel would come); its stdout. */
    String python(String program, String stdin) {
        try (Platform.Access a = platform().access(); Remote jump = a.hosts().apply(a.hosts().jump())) {
            Command c = Command.of("python3 -c " + Shell.quote(program)).withTimeout(Duration.ofSeconds(60));
            ExecResult r = jump.exec(stdin == null ? c : c.withStdin(stdin));
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            return r.stdout().strip();
        }
    }

    String on(String host, String command) {
        ExecOutcome o = Platform.open(spec, options().withLimit(Limit.parse(host))).exec(ExecRequest.of(command).withRoot(true));
        assertThat(o.exitCode()).as(host + ": " + command + " -> " + o.hosts()).isZero();
        return o.hosts().get(0).stdout().strip();
    }

    String sql(String query) {
        return on("masterdb1", "mariadb -N -B -e " + Shell.quote(query));
    }

    String privateIp(String host) {
        return platform().listVms().host(host).orElseThrow().privateIp();
    }

    /** rolestack apply, which must fail nowhere; then the app's account exists for app1's address only, TLS required. */
    void applyMakesTheAccountForTheAppPoolOnly() {
        DeployOutcome applied = platform().apply();
        assertThat(applied.summary().anyFailed()).as(applied.summary().results().stream().filter(x -> x.status() == Status.FAILED)
                .map(x -> x.host() + " " + x.operation() + ": " + x.message()).collect(Collectors.joining("\n"))).isFalse();
        assertThat(sql("SELECT Host, ssl_type FROM mysql.user WHERE User = 'app_" + app + "'")).isEqualTo(privateIp("app1") + "\tANY");
    }

    /** The first deploy of the app; its release id. */
    String deploy(Duration healthTimeout) {
        AppOutcome o = platform().appDeploy(AppRequest.of(app).withHealthTimeout(healthTimeout)).apps().get(0);
        assertThat(o.status()).as(describe(o)).isEqualTo(AppOutcome.Status.DEPLOYED);
        return o.release();
    }

    /** rolestack app setup twice: installed the first time (the password never shown), left alone the second. */
    void setupInstallsOnce(String siteName) {
        List<AppSetup.Outcome> first = platform().appSetup(AppRequest.of(app));
        assertThat(first).hasSize(1);
        assertThat(first.get(0).ok()).as(first.get(0).output()).isTrue();
        assertThat(first.get(0).output()).isEqualTo("installed: http://" + siteName + " (admin user admin)");
        assertThat(adminPassword()).hasSize(24);
        assertThat(first.get(0).output()).doesNotContain(adminPassword());
        List<AppSetup.Outcome> again = platform().appSetup(AppRequest.of(app));
        assertThat(again.get(0).ok()).as(again.get(0).output()).isTrue();
        assertThat(again.get(0).output()).isEqualTo("already installed: http://" + siteName);
    }

    /** The repo, a deploy and the setup once more: nothing changes. */
    void everythingAgainChangesNothing(String release, String siteName) throws IOException, InterruptedException {
        assertThat(appRepo()).contains(": unchanged (master ");
        assertThat(Files.isSymbolicLink(repo)).isTrue();
        AppOutcome o = platform().appDeploy(AppRequest.of(app)).apps().get(0);
        assertThat(o.status()).as(describe(o)).isEqualTo(AppOutcome.Status.UNCHANGED);
        assertThat(o.release()).isEqualTo(release);
        assertThat(platform().appSetup(AppRequest.of(app)).get(0).output()).isEqualTo("already installed: http://" + siteName);
    }

    static String describe(AppOutcome o) {
        return o.status() + " " + o.release() + ": " + o.message() + "\n" + o.results().stream()
                .map(r -> r.host() + " " + r.status() + " " + r.message()).collect(Collectors.joining("\n"));
    }
}
