package io.rolestack.vm.openstack.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolestack.core.wait.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator answers like the API reference says, checked with a plain HTTP client. */
class OpenStackSimulatorIT {
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();
    OpenStackSimulator sim;
    String base;

    @BeforeEach
    void start() {
        sim = OpenStackSimulator.start().buildDelay(Duration.ofMillis(200));
        base = sim.authUrl().replace("/identity/v3", "");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("X-Auth-Token", token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode serversDetail(String token) {
        try {
            return json.readTree(send("GET", "/compute/v2.1/servers/detail", token, null).body()).path("servers");
        } catch (Exception e) {
            throw new IllegalStateException("GET servers/detail", e);
        }
    }

    String login() throws Exception {
        HttpResponse<String> r = send("POST", "/identity/v3/auth/tokens", null, """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "deployer",
                 "domain": {"name": "Default"}, "password": "s3cret-pw-4-tests"}}},
                 "scope": {"project": {"name": "rolestack", "domain": {"name": "Default"}}}}}""");
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode catalog = json.readTree(r.body()).path("token").path("catalog");
        assertThat(catalog.findValuesAsText("type")).contains("compute", "network", "image", "identity");
        return r.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    @Test
    void tokensAreRequiredAndChecked() throws Exception {
        assertThat(send("GET", "/compute/v2.1/servers/detail", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/compute/v2.1/servers/detail", "forged", null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = send("POST", "/identity/v3/auth/tokens", null, """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "deployer",
                 "domain": {"name": "Default"}, "password": "nope"}}}}}""");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json.readTree(wrong.body()).path("error").path("code").asInt()).isEqualTo(401);
        assertThat(send("GET", "/compute/v2.1/servers/detail", login(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownOrMissingFieldsAreBadRequests() throws Exception {
        String token = login();
        String image = json.readTree(send("GET", "/image/v2/images?name=debian-12", token, null).body()).path("images").get(0).path("id").asText();
        HttpResponse<String> unknown = send("POST", "/compute/v2.1/servers", token,
                "{\"server\": {\"name\": \"a\", \"imageRef\": \"" + image + "\", \"flavorRef\": \"1\", \"colour\": \"red\"}}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unknown.body()).path("badRequest").path("message").asText()).contains("'colour' was unexpected");
        HttpResponse<String> missing = send("POST", "/compute/v2.1/servers", token, "{\"server\": {\"name\": \"a\"}}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("'flavorRef' is a required property");
        HttpResponse<String> neutron = send("POST", "/network/v2.0/security-groups", token, "{\"security_group\": {\"name\": \"x\", \"rules\": []}}");
        assertThat(neutron.statusCode()).isEqualTo(400);
        assertThat(json.readTree(neutron.body()).path("NeutronError").path("message").asText()).isEqualTo("Unrecognized attribute(s) 'rules'");
    }

    @Test
    void serversBuildThenBecomeActiveOrErrorWithAFault() throws Exception {
        sim.failServers(java.util.regex.Pattern.compile("^bad"), "No valid host was found.");
        String token = login();
        String image = json.readTree(send("GET", "/image/v2/images?name=debian-12", token, null).body()).path("images").get(0).path("id").asText();
        for (String name : new String[]{"good1", "bad1"}) {
            HttpResponse<String> r = send("POST", "/compute/v2.1/servers", token,
                    "{\"server\": {\"name\": \"" + name + "\", \"imageRef\": \"" + image + "\", \"flavorRef\": \"1\"}}");
            assertThat(r.statusCode()).isEqualTo(202);
        }
        assertThat(sim.serverStatuses()).containsEntry("good1", "BUILD").containsEntry("bad1", "BUILD");
        // the build delay is 200 ms: wait (up to 10 s) until the API shows both servers out of BUILD
        JsonNode servers = Wait.upTo(Duration.ofSeconds(10)).every(Duration.ofMillis(50)).forValue(() -> {
            JsonNode all = serversDetail(token);
            boolean building = false;
            for (JsonNode s : all) building |= s.path("status").asText().equals("BUILD");
            return building ? Optional.<JsonNode>empty() : Optional.of(all);
        }, () -> new IllegalStateException("servers still in BUILD after 10 s: " + sim.serverStatuses()));
        assertThat(servers).hasSize(2);
        for (JsonNode s : servers) {
            if (s.path("name").asText().equals("good1")) {
                assertThat(s.path("status").asText()).isEqualTo("ACTIVE");
                assertThat(s.path("addresses").path("internal").get(0).path("OS-EXT-IPS:type").asText()).isEqualTo("fixed");
                assertThat(s.has("fault")).isFalse();
            } else {
                assertThat(s.path("status").asText()).isEqualTo("ERROR");
                assertThat(s.path("fault").path("message").asText()).isEqualTo("No valid host was found.");
            }
        }
        assertThat(sim.calls()).extracting(RecordedCall::method).contains("POST", "GET");
    }
}
