package io.rolestack.core.spec;

import io.rolestack.core.naming.HostName;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code backups.search:} — Elasticsearch/OpenSearch snapshots (docs/backups.md), checked whole at FILE:LINE:COLUMN.
 * Names are checked as the snapshot engine checks them, so a spec the loader accepts is never refused later for
 * a name. Kept apart from {@link SpecLoader}, which is long enough.
 */
final class SearchBackupsReader {
    static final Set<String> KEYS = Set.of("host", "port", "url", "repository", "location", "indices", "retention",
            "verify", "schedule", "timeout");
    /** The engine's rule for repository names: nothing that could change a URL path. */
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,199}");
    private static final Pattern INDEX_PATTERN = Pattern.compile("[a-z0-9*._-][a-z0-9*._+-]{0,254}");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

    private SearchBackupsReader() {
    }

    /**
     * @param declared  a spec host named here, as the loader reads one (an error unless it is one of {@code hosts})
     * @param retention {@code retention:} as the MariaDB backups read it
     */
    static PlatformSpec.SearchBackups read(SpecNode n, Function<SpecNode, HostName> declared,
                                           Function<SpecNode, PlatformSpec.Retention> retention) {
        SpecNode.Fields f = n.fields(KEYS);
        Optional<SpecNode> hostNode = f.optional("host");
        Optional<SpecNode> urlNode = f.optional("url");
        if (hostNode.isPresent() && urlNode.isPresent()) {
            throw urlNode.get().error("give 'host' (a host of the spec) or 'url' (http://ADDRESS:PORT as the jump host reaches it), not both");
        }
        if (hostNode.isEmpty() && urlNode.isEmpty()) {
            throw n.error("search needs 'host' (a host of the spec, such as elastic1) or 'url' (http://ADDRESS:PORT as the jump host reaches it)");
        }
        Optional<HostName> host = hostNode.map(declared);
        Optional<String> address = Optional.empty();
        int port = PlatformSpec.SearchBackups.DEFAULT_PORT;
        if (urlNode.isPresent()) {
            if (f.optional("port").isPresent()) throw f.required("port").error("the port is the url's; remove 'port'");
            URI url = url(urlNode.get());
            address = Optional.of(url.getHost());
            port = url.getPort();
        } else if (f.optional("port").isPresent()) {
            SpecNode p = f.required("port");
            port = p.integer();
            if (port < 1 || port > 65535) throw p.error("port must be 1 to 65535, was " + port);
        }
        SpecNode repoNode = f.required("repository");
        String repository = repoNode.string().trim();
        if (!REPOSITORY.matcher(repository).matches()) {
            throw repoNode.error("repository '" + repository + "' must be lower case letters, digits, . _ - (at most 200)");
        }
        Optional<String> location = f.optional("location").map(l -> {
            String p = l.string().trim();
            if (!p.startsWith("/") || p.contains("/../") || p.endsWith("/..")) {
                throw l.error("location '" + p + "' must be an absolute path on the search node (under its path.repo)");
            }
            return p;
        });
        List<String> indices = f.optional("indices").map(SearchBackupsReader::indices).orElse(List.of("*"));
        PlatformSpec.Retention kept = f.optional("retention").map(retention).orElse(PlatformSpec.Retention.DEFAULT);
        Optional<String> schedule = f.optional("schedule").map(CronSchedules::read);
        Duration timeout = f.optional("timeout").map(t -> t.duration(Duration.ofMinutes(1)))
                .orElse(PlatformSpec.SearchBackups.DEFAULT_TIMEOUT);
        return new PlatformSpec.SearchBackups(host, address, port, repository, location, indices, kept,
                f.bool("verify", true), schedule, timeout);
    }

    /**
     * {@code http://ADDRESS:PORT} only: no credentials (they would be logged; authentication is not built), no path,
     * and not https, whose certificate would name the node while the client talks to 127.0.0.1 through the tunnel.
     */
    private static URI url(SpecNode n) {
        String text = n.string().trim();
        // before anything quotes the text: user:password@ would be in the message
        if (text.contains("@")) throw n.error("url: credentials in the URL are refused (they would be logged)");
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw n.error("url '" + text + "' is not a URL (" + e.getReason() + ")");
        }
        if ("https".equals(u.getScheme())) {
            throw n.error("url '" + text + "': https to the node is not supported yet (its certificate names the node, the tunnel"
                    + " ends on 127.0.0.1); use http://ADDRESS:PORT");
        }
        if (!"http".equals(u.getScheme()) || u.getRawAuthority() == null) {
            throw n.error("url '" + text + "' must be http://ADDRESS:PORT");
        }
        if (u.getHost() == null || !ADDRESS.matcher(u.getHost()).matches()) {
            throw n.error("url '" + text + "': no valid host name or IPv4 address");
        }
        if (u.getPort() < 1) throw n.error("url '" + text + "' needs its port (Elasticsearch's is 9200)");
        if ((u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")) || u.getRawQuery() != null
                || u.getRawFragment() != null) {
            throw n.error("url '" + text + "' must be http://ADDRESS:PORT, without path or query");
        }
        return u;
    }

    private static List<String> indices(SpecNode n) {
        List<SpecNode> items = n.list();
        if (items.isEmpty()) throw n.error("indices is empty (leave it out for every open index: [\"*\"])");
        List<String> out = new ArrayList<>();
        for (SpecNode i : items) {
            String p = i.string().trim();
            if (!INDEX_PATTERN.matcher(p).matches()) {
                throw i.error("'" + p + "' is not an index name or pattern (lower case, digits, . _ - + *)");
            }
            if (out.contains(p)) throw i.error("duplicate index pattern '" + p + "'");
            out.add(p);
        }
        return out;
    }
}
