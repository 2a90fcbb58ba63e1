package io.rolestack.vm.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.ObjectMapperSingleton;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Gets a project-scoped Keystone v3 token. Passwords go through openstack4j's
 * own v3 builder; application credentials, which openstack4j 3.12 cannot send,
 * are posted here with the JDK client (TLS verified) and the answer is read into
 * openstack4j's own token type, so the rest of the provider cannot tell the two apart.
 */
final class KeystoneLogin {
    private static final String TARGET = "Keystone";

    private KeystoneLogin() {
    }

    static Token login(OpenStackCredentials c, Config config, ApiCalls calls, Duration timeout) {
        String url = c.identityV3Url();
        if (c.usesApplicationCredential()) {
            return calls.unbound(TARGET + " " + url, "POST /v3/auth/tokens (application credential "
                    + c.applicationCredentialId() + ")", () -> applicationCredential(c, url, timeout));
        }
        return calls.unbound(TARGET + " " + url, "POST /v3/auth/tokens (user " + c.username() + "@"
                + c.userDomain() + ", project " + c.projectName() + ")", () -> {
            OSClientV3 client = OSFactory.builderV3().withConfig(config).endpoint(url)
                    .credentials(c.username(), c.password(), c.userDomain().identifier())
                    .scopeToProject(Identifier.byName(c.projectName()), c.projectDomain().identifier())
                    .authenticate();
            return client.getToken();
        });
    }

    private static Token applicationCredential(OpenStackCredentials c, String url, Duration timeout) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode body = json.createObjectNode();
        ObjectNode identity = body.putObject("auth").putObject("identity");
        identity.putArray("methods").add("application_credential");
        identity.putObject("application_credential")
                .put("id", c.applicationCredentialId())
                .put("secret", c.applicationCredentialSecret());
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/auth/tokens"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new org.openstack4j.api.exceptions.ConnectionException(e.getClass().getSimpleName() + ": " + e.getMessage(), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() >= 400) {
            throw new ResponseException(errorMessage(json, response.body()), response.statusCode());
        }
        String tokenId = response.headers().firstValue("X-Subject-Token")
                .orElseThrow(() -> new ResponseException("answer has no X-Subject-Token header", response.statusCode()));
        try {
            KeystoneToken token = ObjectMapperSingleton.getContext(KeystoneToken.class)
                    .readerFor(KeystoneToken.class).readValue(response.body());
            token.setId(tokenId);
            token.setEndpoint(url);
            return token;
        } catch (IOException e) {
            throw new ResponseException("unreadable token answer: " + e.getMessage(), response.statusCode());
        }
    }

    private static String errorMessage(ObjectMapper json, String body) {
        try {
            JsonNode n = json.readTree(body);
            JsonNode m = n.path("error").path("message");
            return m.isTextual() ? m.asText() : "";
        } catch (IOException e) {
            return "";
        }
    }
}
