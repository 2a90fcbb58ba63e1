package io.rolestack.vm.openstack;

import io.rolestack.core.events.Progress;
import io.rolestack.core.inventory.Host;
import io.rolestack.core.inventory.Inventory;
import io.rolestack.core.naming.HostName;
import io.rolestack.core.net.Port;
import io.rolestack.core.result.Result;
import io.rolestack.core.result.Status;
import io.rolestack.vm.VmRequest;
import io.rolestack.vm.openstack.simulator.OpenStackSimulator;
import io.rolestack.vm.openstack.simulator.RecordedCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drives the real openstack4j client, through OpenStackProvider, against the OpenStack API simulator. */
class OpenStackProviderAgainstSimulatorIT {
    static final String PASSWORD = OpenStackSimulator.PASSWORD;
    static final String DEPLOY_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq1bXcfBv0wYlJ0dU5oQ2c4b0pXN3lQZ2VzcXR4 deploy@rolestack";

    OpenStackSimulator sim;
    final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    final Progress recorder = (host, message) -> progress.add(host + ": " + message);

    @BeforeEach
    void start() {
        sim = OpenStackSimulator.start().buildDelay(Duration.ofMillis(400));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    static OpenStackSettings settings() {
        return settings(Map.of());
    }

    static OpenStackSettings settings(Map<String, Object> extra) {
        Map<String, Object> m = new java.util.HashMap<>(Map.of(
                "type", "openstack", "image", "debian-12", "network", "internal", "subnetCidr", "10.20.0.0/24",
                "flavor", "m1.small", "flavors", Map.of("db", "m1.large"), "sshFrom", "198.51.100.0/24",
                "deployKey", DEPLOY_KEY, "pollInterval", "50ms", "callTimeout", "5s"));
        m.putAll(extra);
        return OpenStackSettings.fromMap(m);
    }

    OpenStackProvider provider(OpenStackSettings s) {
        return OpenStackProvider.create(s, sim.osEnvironment());
    }

    static VmRequest vm(String name, boolean jump, Port... ports) {
        return new VmRequest(HostName.parse(name), "", List.of(ports), jump, Map.of("owner", "ops"));
    }

    static List<VmRequest> platform() {
        return List.of(
                vm("salt1.production.wpdn", true),
                vm("app1.production.wpdn", false, Port.tcp(80), Port.tcp(443)),
                vm("app2.production.wpdn", false, Port.tcp(80), Port.tcp(443)),
                vm("masterdb1.production.wpdn", false, Port.tcp(3306)),
                vm("memcache1.production.wpdn", false, Port.tcp(11211), Port.udp(11211)));
    }

    @Test
    void createsFiveServersConcurrentlyWithUserDataMetadataAndFlavorPerRole() {
        sim.createLatency(Duration.ofMillis(300)).addKeypair("ops");
        try (OpenStackProvider p = provider(settings(Map.of("keyName", "ops")))) {
            List<Result> results = p.create(platform(), recorder);

            assertThat(results).extracting(Result::status).containsOnly(Status.CHANGED);
            assertThat(results).extracting(Result::host).containsExactly("salt1.production.wpdn", "app1.production.wpdn",
                    "app2.production.wpdn", "masterdb1.production.wpdn", "memcache1.production.wpdn");
            assertThat(sim.serverStatuses()).hasSize(5);
            assertThat(sim.serverStatuses().values()).containsOnly("ACTIVE");

            // Concurrency, read from what the simulator saw: every boot overlaps another one.
            List<RecordedCall> boots = sim.calls("POST", "/compute/v2.1/servers");
            assertThat(boots).hasSize(5);
            assertThat(RecordedCall.maxInFlight(boots)).as("POST /servers in flight at once").isEqualTo(5);

            assertThat(sim.serverMetadata().get("masterdb1.production.wpdn").get("rolestack:role").asText()).isEqualTo("db");
            assertThat(sim.serverMetadata().get("app1.production.wpdn").get("rolestack:environment").asText()).isEqualTo("production");
            assertThat(sim.serverMetadata().get("app1.production.wpdn").get("owner").asText()).isEqualTo("ops");
            String userData = sim.userData("app2.production.wpdn");
            assertThat(userData).startsWith("#cloud-config\n").contains("hostname: app2\n")
                    .contains("fqdn: app2.production.wpdn\n").contains(DEPLOY_KEY);
            assertThat(boots).allSatisfy(c -> assertThat(c.body()).contains("\"key_name\" : \"ops\""));
            assertThat(boots).filteredOn(c -> c.body().contains("masterdb1")).singleElement()
                    .satisfies(c -> assertThat(c.body()).contains("\"flavorRef\" : \"3\"")); // m1.large, the db role's flavor
            assertThat(progress).anyMatch(m -> m.startsWith("app1.production.wpdn: BUILD"))
                    .anyMatch(m -> m.startsWith("app1.production.wpdn: ACTIVE"));
        }
    }

    @Test
    void concurrencyBoundsTheBootsInFlight() {
        sim.createLatency(Duration.ofMillis(300));
        try (OpenStackProvider p = provider(settings(Map.of("concurrency", "2")))) {
            assertThat(p.create(platform(), Progress.NONE)).extracting(Result::status).containsOnly(Status.CHANGED);
        }
        // Read from what the simulator saw: never more than 2 at once, and 2 were reached.
        assertThat(RecordedCall.maxInFlight(sim.calls("POST", "/compute/v2.1/servers"))).isEqualTo(2);
    }

    @Test
    void aServerStillBuildingPastTheTimeoutFailsAndIsLeftForTheNextRun() {
        sim.buildDelay(Duration.ofSeconds(30));
        try (OpenStackProvider p = provider(settings(Map.of("buildTimeout", "1s")))) {
            List<Result> r = p.create(platform().subList(1, 2), recorder);
            assertThat(r).singleElement().satisfies(x -> {
                assertThat(x.status()).isEqualTo(Status.FAILED);
                assertThat(x.message()).contains("still BUILD after 1s (timeout)").contains("the next run waits for it again");
            });
        }
        assertThat(sim.serverStatuses()).containsEntry("app1.production.wpdn", "BUILD");
        assertThat(sim.calls()).noneMatch(c -> c.method().equals("DELETE"));
    }

    @Test
    void secondRunFindsEveryServerAndBootsNothing() {
        try (OpenStackProvider p = provider(settings())) {
            assertThat(p.create(platform(), Progress.NONE)).extracting(Result::status).containsOnly(Status.CHANGED);
            sim.clearCalls();

            List<Result> again = p.create(platform(), Progress.NONE);

            assertThat(again).extracting(Result::status).containsOnly(Status.OK);
            assertThat(again).allSatisfy(r -> assertThat(r.message()).startsWith("exists (ACTIVE"));
            assertThat(sim.calls("POST", "/servers")).isEmpty();
            assertThat(sim.calls("POST", "/security-group-rules")).isEmpty();
            assertThat(sim.calls("POST", "/floatingips")).isEmpty();
            assertThat(sim.serverStatuses()).hasSize(5);
        }
    }

    @Test
    void serverEndingInErrorIsDeletedAndItsFaultReported() {
        sim.failServers(Pattern.compile("^masterdb1"), "No valid host was found. There are not enough hosts available.");
        try (OpenStackProvider p = provider(settings())) {
            List<Result> results = p.create(platform(), recorder);

            Result db = results.stream().filter(r -> r.host().startsWith("masterdb1")).findFirst().orElseThrow();
            assertThat(db.status()).isEqualTo(Status.FAILED);
            assertThat(db.message()).contains("went to ERROR: No valid host was found").contains("deleted");
            assertThat(results).filteredOn(r -> r != db).extracting(Result::status).containsOnly(Status.CHANGED);
            assertThat(sim.serverStatuses()).doesNotContainKey("masterdb1.production.wpdn").hasSize(4);
            assertThat(sim.calls("DELETE", "")).hasSize(1);
        }
    }

    @Test
    void instanceQuotaIsReportedAsQuotaBothAs403AndAs413() {
        for (OpenStackSimulator.QuotaStyle style : OpenStackSimulator.QuotaStyle.values()) {
            try (OpenStackSimulator quota = OpenStackSimulator.start().buildDelay(Duration.ofMillis(100)).instanceQuota(4, style)) {
                OpenStackProvider p = OpenStackProvider.create(settings(), Map.of("OS_AUTH_URL", quota.authUrl(),
                        "OS_USERNAME", "deployer", "OS_PASSWORD", PASSWORD, "OS_PROJECT_NAME", OpenStackSimulator.PROJECT));
                List<Result> results = p.create(platform(), Progress.NONE);
                p.close();

                assertThat(results).filteredOn(Result::failed).singleElement().satisfies(r -> assertThat(r.message())
                        .contains("POST /servers failed: quota exceeded (" + (style == OpenStackSimulator.QuotaStyle.FORBIDDEN_403 ? "403)" : "413 overLimit)"))
                        .contains("Quota exceeded for instances: Requested 1, but already used 4 of 4 instances")
                        .startsWith(r.host() + ": "));
                assertThat(quota.calls("POST", "/servers")).hasSize(5); // a quota refusal is not retried
            }
        }
    }

    @Test
    void securityGroupsComeFromRolePortsAndSshToTheJumpHostOnlyFromSshFrom() {
        try (OpenStackProvider p = provider(settings())) {
            List<Result> first = p.create(platform(), Progress.NONE);

            Map<String, List<String>> rules = sim.ingressRules();
            assertThat(rules.get("rolestack-production-app")).containsExactlyInAnyOrder(
                    "22/tcp from group rolestack-production-members", "80/tcp from group rolestack-production-members", "443/tcp from group rolestack-production-members");
            assertThat(rules.get("rolestack-production-db")).containsExactlyInAnyOrder("22/tcp from group rolestack-production-members", "3306/tcp from group rolestack-production-members");
            assertThat(rules.get("rolestack-production-memcache")).containsExactlyInAnyOrder(
                    "22/tcp from group rolestack-production-members", "11211/tcp from group rolestack-production-members", "11211/udp from group rolestack-production-members");
            assertThat(rules.get("rolestack-production-jump")).containsExactly("22/tcp from 198.51.100.0/24");
            assertThat(sim.serverSecurityGroups("salt1.production.wpdn")).containsExactly("rolestack-production-salt", "rolestack-production-members", "rolestack-production-jump");
            assertThat(sim.serverSecurityGroups("app1.production.wpdn")).containsExactly("rolestack-production-app", "rolestack-production-members");
            assertThat(first.get(1).diff()).contains("+ rolestack-production-app: ingress 443/tcp from group rolestack-production-members");

            // A port added to a role later: only that rule is created, servers stay.
            sim.clearCalls();
            List<VmRequest> more = new ArrayList<>(platform());
            more.set(1, vm("app1.production.wpdn", false, Port.tcp(80), Port.tcp(443), Port.tcp(8080)));
            List<Result> second = p.create(more, Progress.NONE);
            assertThat(sim.calls("POST", "/security-group-rules")).singleElement()
                    .satisfies(c -> assertThat(c.body()).contains("8080"));
            assertThat(sim.calls("POST", "/security-groups")).isEmpty();
            assertThat(second.get(1).status()).isEqualTo(Status.CHANGED);
            assertThat(second.get(1).diff()).isEqualTo("+ rolestack-production-app: ingress 8080/tcp from group rolestack-production-members\n");
            assertThat(second).filteredOn(r -> !r.host().startsWith("app")).extracting(Result::status).containsOnly(Status.OK);
            assertThat(sim.calls("POST", "/compute/v2.1/servers")).isEmpty();
        }
    }

    @Test
    void onlyTheJumpHostGetsAFloatingIpAndListShowsAddressesByEnvironment() {
        try (OpenStackProvider p = provider(settings())) {
            p.create(platform(), Progress.NONE);
            p.create(List.of(vm("app1.staging.wpdn", false, Port.tcp(80))), Progress.NONE);

            Map<String, List<String>> fips = sim.floatingIpsByServer();
            assertThat(fips.get("salt1.production.wpdn")).hasSize(1);
            fips.forEach((name, ips) -> {
                if (!name.startsWith("salt1")) assertThat(ips).as(name).isEmpty();
            });

            Inventory production = p.list("production");
            assertThat(production.hosts()).extracting(Host::fqdn).containsExactlyInAnyOrder("salt1.production.wpdn",
                    "app1.production.wpdn", "app2.production.wpdn", "masterdb1.production.wpdn", "memcache1.production.wpdn");
            assertThat(production.hosts()).allSatisfy(h -> assertThat(h.privateIp()).startsWith("10.20.0."));
            assertThat(production.host("salt1").orElseThrow().publicIp()).hasValue(fips.get("salt1.production.wpdn").get(0));
            assertThat(production.host("app1").orElseThrow().publicIp()).isEmpty();
            assertThat(production.primary("db").map(Host::shortName)).hasValue("masterdb1");
            assertThat(p.list("staging").hosts()).extracting(Host::fqdn).containsExactly("app1.staging.wpdn");
        }
    }

    @Test
    void hardRebootAndDeleteAreIdempotentAndReleaseTheFloatingIp() {
        try (OpenStackProvider p = provider(settings())) {
            p.create(platform(), Progress.NONE);

            Result reboot = p.hardReboot(HostName.parse("app1.production.wpdn"), recorder);
            assertThat(reboot.status()).isEqualTo(Status.CHANGED);
            assertThat(sim.calls("POST", "/action")).singleElement()
                    .satisfies(c -> assertThat(c.body().replaceAll("\\s", "")).isEqualTo("{\"reboot\":{\"type\":\"HARD\"}}"));

            Result gone = p.delete(HostName.parse("salt1.production.wpdn"), recorder);
            assertThat(gone.status()).isEqualTo(Status.CHANGED);
            assertThat(gone.diff()).contains("- server salt1.production.wpdn");
            assertThat(sim.serverStatuses()).doesNotContainKey("salt1.production.wpdn");
            assertThat(sim.floatingIpCount()).isZero();

            assertThat(p.delete(HostName.parse("salt1.production.wpdn"), Progress.NONE).status()).isEqualTo(Status.OK);
            Result missing = p.hardReboot(HostName.parse("salt1.production.wpdn"), Progress.NONE);
            assertThat(missing.status()).isEqualTo(Status.FAILED);
            assertThat(missing.message()).contains("no server named salt1.production.wpdn");
        }
    }

    @Test
    void serverErrorsAreRetriedWithBackoffAndTimeoutsNamed() {
        sim.failNext("GET", "/flavors", 503, 2);
        try (OpenStackProvider p = provider(settings())) {
            assertThat(p.create(platform().subList(0, 1), Progress.NONE)).extracting(Result::status).containsOnly(Status.CHANGED);
            assertThat(sim.calls("GET", "/flavors/detail")).extracting(RecordedCall::status).containsExactly(503, 503, 200);
        }
        try (OpenStackProvider p = provider(settings().withTimings(Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofMillis(300)))) {
            sim.delayNext("GET", "/v2/images", Duration.ofSeconds(1), 10);
            List<Result> results = p.create(platform().subList(1, 2), Progress.NONE);
            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(Status.FAILED);
                assertThat(r.message()).contains("image debian-12: GET /v2/images?name= failed: no answer within 300ms (timeout)");
            });
        }
        sim.failNext("GET", "/network/v2.0/networks", 403, 1);
        try (OpenStackProvider p = provider(settings())) {
            List<Result> results = p.create(platform().subList(1, 2), Progress.NONE);
            assertThat(results.get(0).message()).contains("network internal: GET /v2.0/networks?name= failed: forbidden (403)");
            assertThat(sim.calls("GET", "/network/v2.0/networks")).filteredOn(c -> c.status() == 403).hasSize(1);
        }
    }

    @Test
    void aConflictWhileTheServerIsBusyIsRetriedUntilItPassesAnyOtherConflictIsNot() throws Exception {
        try (OpenStackProvider p = provider(settings())) {
            p.create(platform().subList(1, 2), Progress.NONE);
            sim.clearCalls();
            sim.failNext("POST", "/action$", 409, 1); // a conflict that names no transient state

            Result r = p.hardReboot(HostName.parse("app1.production.wpdn"), Progress.NONE);

            assertThat(r.status()).isEqualTo(Status.FAILED);
            assertThat(r.message()).contains("app1.production.wpdn: POST /servers/").contains("(reboot HARD) failed: conflict (409)");
            assertThat(sim.calls("POST", "/action")).extracting(RecordedCall::status).containsExactly(409);
        }
        try (OpenStackSimulator busy = OpenStackSimulator.start().buildDelay(Duration.ofMillis(1200))) {
            OpenStackProvider p = OpenStackProvider.create(settings().withTimings(Duration.ofSeconds(30), Duration.ofMillis(50),
                    Duration.ofSeconds(5)), Map.of("OS_AUTH_URL", busy.authUrl(), "OS_USERNAME", "deployer",
                    "OS_PASSWORD", PASSWORD, "OS_PROJECT_NAME", OpenStackSimulator.PROJECT));
            // Boot without waiting: the server is still BUILD (task_state spawning) when the reboot comes.
            Thread waiter = new Thread(() -> p.create(platform().subList(1, 2), Progress.NONE));
            waiter.start();
            while (busy.serverStatuses().isEmpty()) Thread.onSpinWait();

            Result r = p.hardReboot(HostName.parse("app1.production.wpdn"), Progress.NONE);

            assertThat(r.status()).as(r.message()).isEqualTo(Status.CHANGED);
            List<Integer> statuses = busy.calls("POST", "/action").stream().map(RecordedCall::status).toList();
            assertThat(statuses).as("409 while spawning, retried with backoff, then accepted").startsWith(409).endsWith(202);
            waiter.join();
            p.close();
        }
    }

    @Test
    void missingImageOrFlavorIsNamedAndNothingIsBooted() {
        OpenStackSettings noImage = OpenStackSettings.fromMap(Map.of("image", "centos-6", "network", "internal",
                "subnetCidr", "10.20.0.0/24", "flavor", "m1.small", "sshFrom", "198.51.100.0/24", "deployKey", DEPLOY_KEY));
        try (OpenStackProvider p = provider(noImage)) {
            assertThat(p.create(platform(), Progress.NONE)).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(Status.FAILED);
                assertThat(r.message()).contains("no Glance image named 'centos-6'");
            });
        }
        try (OpenStackProvider p = provider(settings(Map.of("keyName", "nobody")))) {
            assertThat(p.create(platform(), Progress.NONE)).allSatisfy(r ->
                    assertThat(r.message()).contains("provider.keyName: no Nova key pair named 'nobody'"));
        }
        try (OpenStackProvider p = provider(settings())) {
            List<VmRequest> odd = List.of(new VmRequest(HostName.parse("app1.production.wpdn"), "m9.huge", List.of(), false, Map.of()));
            assertThat(p.create(odd, Progress.NONE)).singleElement()
                    .satisfies(r -> assertThat(r.message()).contains("flavor 'm9.huge' for app1.production.wpdn does not exist"));
        }
        assertThat(sim.calls("POST", "/servers")).isEmpty();
    }

    @Test
    void cloudsYamlAndApplicationCredentialsAuthenticate(@TempDir Path dir) throws Exception {
        sim.addApplicationCredential("ac-1234", "app-cred-secret-42");
        Path clouds = dir.resolve("clouds.yaml");
        Files.writeString(clouds, """
                clouds:
                  sim:
                    auth:
                      auth_url: %s
                      username: deployer
                      password: %s
                      project_name: rolestack
                      user_domain_name: Default
                      project_domain_name: Default
                    region_name: RegionOne
                  simapp:
                    auth_type: v3applicationcredential
                    auth:
                      auth_url: %s
                      application_credential_id: ac-1234
                      application_credential_secret: app-cred-secret-42
                """.formatted(sim.authUrl().replace("/v3", ""), PASSWORD, sim.authUrl()));
        Map<String, String> env = Map.of("OS_CLIENT_CONFIG_FILE", clouds.toString(), "OS_CLOUD", "sim", "HOME", dir.toString());
        try (OpenStackProvider p = OpenStackProvider.create(settings(), env)) {
            assertThat(p.create(platform().subList(0, 2), Progress.NONE)).extracting(Result::status).containsOnly(Status.CHANGED);
        }
        Map<String, String> appEnv = Map.of("OS_CLIENT_CONFIG_FILE", clouds.toString(), "OS_CLOUD", "simapp", "HOME", dir.toString());
        try (OpenStackProvider p = OpenStackProvider.create(settings(), appEnv)) {
            assertThat(p.list("production").hosts()).hasSize(2);
        }
        try (OpenStackProvider p = OpenStackProvider.create(settings(), Map.of("OS_AUTH_URL", sim.authUrl(),
                "OS_APPLICATION_CREDENTIAL_ID", "ac-1234", "OS_APPLICATION_CREDENTIAL_SECRET", "app-cred-secret-42"))) {
            assertThat(p.list("production").hosts()).hasSize(2);
        }
        List<RecordedCall> logins = sim.calls("POST", "/identity/v3/auth/tokens");
        assertThat(logins).hasSize(3).extracting(RecordedCall::status).containsOnly(201);
        assertThat(logins.get(0).body()).contains("\"password\"").contains("rolestack");
        assertThat(logins.get(1).body()).contains("application_credential").contains("ac-1234");
    }

    @Test
    void domainsGivenByIdAreSentAsIdsAndAnUnknownDomainIsRefused(@TempDir Path dir) throws Exception {
        Path clouds = dir.resolve("clouds.yaml");
        Files.writeString(clouds, """
                clouds:
                  byid:
                    auth:
                      auth_url: %1$s
                      username: deployer
                      password: %2$s
                      project_name: rolestack
                      user_domain_id: default
                      project_domain_id: default
                  wrong:
                    auth:
                      auth_url: %1$s
                      username: deployer
                      password: %2$s
                      project_name: rolestack
                      user_domain_name: default
                """.formatted(sim.authUrl(), PASSWORD));
        // devstack's clouds.yaml names domains by id ("default"); the Default domain's name is "Default".
        try (OpenStackProvider p = OpenStackProvider.create(settings(), Map.of("OS_CLIENT_CONFIG_FILE", clouds.toString(),
                "OS_CLOUD", "byid", "HOME", dir.toString()))) {
            assertThat(p.list("production").hosts()).isEmpty();
        }
        assertThat(sim.calls("POST", "/identity/v3/auth/tokens")).last().satisfies(login -> {
            assertThat(login.status()).isEqualTo(201);
            assertThat(login.body().replaceAll("\\s", "")).contains("\"domain\":{\"id\":\"default\"}");
        });
        // "default" as a name is no domain's name: Keystone says 401 and the message names the domain.
        assertThatThrownBy(() -> OpenStackProvider.create(settings(), Map.of("OS_CLIENT_CONFIG_FILE", clouds.toString(),
                "OS_CLOUD", "wrong", "HOME", dir.toString())))
                .isInstanceOf(OpenStackApiException.class)
                .hasMessageContaining("user deployer@default").hasMessageContaining("401");
        // OS_* variables by id work the same way.
        try (OpenStackProvider p = OpenStackProvider.create(settings(), Map.of("OS_AUTH_URL", sim.authUrl(),
                "OS_USERNAME", "deployer", "OS_PASSWORD", PASSWORD, "OS_PROJECT_NAME", OpenStackSimulator.PROJECT,
                "OS_USER_DOMAIN_ID", "default", "OS_PROJECT_DOMAIN_ID", "default"))) {
            assertThat(p.list("production").hosts()).isEmpty();
        }
    }

    @Test
    void secretsNeverReachLogsProgressOrExceptionMessages() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String wrong = "Wr0ng-Passw0rd-xyz";
        String appSecret = "bad-app-secret-77";
        List<String> messages = new ArrayList<>();
        try {
            // A refused password: the error names Keystone and the user, never the password.
            assertThatThrownBy(() -> OpenStackProvider.create(settings(), Map.of("OS_AUTH_URL", sim.authUrl(),
                    "OS_USERNAME", "deployer", "OS_PASSWORD", wrong, "OS_PROJECT_NAME", OpenStackSimulator.PROJECT)))
                    .isInstanceOf(OpenStackApiException.class)
                    .satisfies(e -> messages.add(e.getMessage()))
                    .hasMessageContaining("Keystone " + sim.authUrl())
                    .hasMessageContaining("user deployer@Default")
                    .hasMessageContaining("not authenticated (401)");
            assertThatThrownBy(() -> OpenStackProvider.create(settings(), Map.of("OS_AUTH_URL", sim.authUrl(),
                    "OS_APPLICATION_CREDENTIAL_ID", "ac-0", "OS_APPLICATION_CREDENTIAL_SECRET", appSecret)))
                    .isInstanceOf(OpenStackApiException.class)
                    .satisfies(e -> messages.add(e.getMessage()))
                    .hasMessageContaining("application credential ac-0").hasMessageContaining("401");
            // A whole create with the right password, its progress recorded.
            try (OpenStackProvider p = provider(settings())) {
                p.create(platform(), recorder);
                messages.add(p.settings().toString());
            }
            OpenStackCredentials c = OpenStackAuth.fromEnvironment(Map.of("OS_AUTH_URL", sim.authUrl(),
                    "OS_USERNAME", "deployer", "OS_PASSWORD", PASSWORD, "OS_PROJECT_NAME", "rolestack"));
            messages.add(c.toString());
        } finally {
            System.setErr(err);
        }
        String log = Files.readString(Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/test-debug.log")));
        assertThat(log).as("openstack4j's debug log reached the file").contains("Executing Request: POST");
        for (String secret : List.of(PASSWORD, wrong, appSecret)) {
            assertThat(String.join("\n", messages)).doesNotContain(secret);
            assertThat(String.join("\n", progress)).doesNotContain(secret);
            assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(secret);
            assertThat(log).doesNotContain(secret);
        }
        assertThat(String.join("\n", messages)).contains("password=****");
        assertThat(progress).isNotEmpty();
    }

    @Test
    void aTokenAboutToExpireIsRenewed() {
        // Tokens live 5 min + 1 s: after a second less than RENEW_BEFORE is left and the provider must log in again.
        sim.tokenLifetime(KeystoneTokens.RENEW_BEFORE.plusSeconds(1)).buildDelay(Duration.ofMillis(1500));
        try (OpenStackProvider p = provider(settings())) {
            assertThat(p.create(platform(), Progress.NONE)).extracting(Result::status).containsOnly(Status.CHANGED);
        }
        assertThat(sim.calls("POST", "/auth/tokens").size()).isGreaterThanOrEqualTo(2);
        assertThat(sim.calls()).extracting(RecordedCall::status).doesNotContain(401);
    }

    @Test
    void badSettingsAreRefusedBeforeAnyServerIsTouched() {
        try (OpenStackProvider p = provider(settings().withDeployPublicKey("not a key"))) {
            sim.clearCalls();
            assertThatThrownBy(() -> p.create(platform(), Progress.NONE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("deploy public key for salt1.production.wpdn");
            assertThat(sim.calls()).isEmpty();
        }
    }
}
