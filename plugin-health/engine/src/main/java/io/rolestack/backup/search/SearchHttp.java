package io.rolestack.backup.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * The REST API of one Elasticsearch 7/8 or OpenSearch 1/2 node, over the JDK HTTP client with Jackson:
 * the snapshot, restore, _count and index endpoints are the same on all four, so no vendor client is needed
 * (and none drags its own Jackson or HTTP stack into the engine).
 *
 * <p>Every failure names the method, the URL and what the node said ({@code error.type}: {@code error.reason}).
 * The URL carries no credentials: authentication (basic auth, TLS client certificates) is not built.
 */
public final class SearchHttp {
    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient client;
    private final Duration requestTimeout;

    /** The answer of a request; {@code body} is {@link MissingNode} when it was empty or not JSON. */
    public record Response(int status, JsonNode body) {
        public boolean ok() {
            return status / 100 == 2;
        }

        /** The node's {@code error.type} ({@code repository_missing_exception}, …), or empty. */
        public String errorType() {
            return body.path("error").path("type").asText("");
        }

        public String errorReason() {
            JsonNode error = body.path("error");
            return error.isTextual() ? error.asText() : error.path("reason").asText("");
        }
    }

    public SearchHttp(URI base, Duration requestTimeout) {
        Objects.requireNonNull(base, "base");
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("search node URL " + base + ": must be http(s)://HOST:PORT");
        }
        if (base.getUserInfo() != null) {
            throw new IllegalArgumentException("search node URL: credentials in the URL are refused (they would be logged)");
        }
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public URI base() {
        return base;
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** {@link #send}, and an error unless the status is 2xx; {@code what} says what was being done. */
    public JsonNode ok(String method, String path, Object body, String what) {
        Response r = send(method, path, body);
        if (!r.ok()) throw new SearchException(what + ": " + describe(method, path, r));
        return r.body();
    }

    public Response send(String method, String path, Object body) {
        URI uri = base.resolve(path.startsWith("/") ? path.substring(1) : path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json");
        try {
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), parse(r.body()));
        } catch (ConnectException e) {
            throw new SearchException(method + " " + uri + ": search node not reachable (" + e.getMessage() + ")", e);
        } catch (HttpTimeoutException e) {
            throw new SearchException(method + " " + uri + ": no answer within " + requestTimeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new SearchException(method + " " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SearchException(method + " " + uri + ": interrupted", e);
        }
    }

    String describe(String method, String path, Response r) {
        String reason = r.errorType().isEmpty() ? r.body().toString() : r.errorType() + ": " + r.errorReason();
        // the node's wrapper ("failed to create repository") says little; the causes say why
        for (JsonNode c = r.body().path("error").path("caused_by"); c.isObject(); c = c.path("caused_by")) {
            reason += "; caused by " + c.path("type").asText("?") + ": " + c.path("reason").asText("");
        }
        return method + " " + base.resolve(path.startsWith("/") ? path.substring(1) : path) + " answered " + r.status() + " (" + reason + ")";
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) return MissingNode.getInstance();
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
