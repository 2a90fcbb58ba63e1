package io.rolestack.core.spec;

import io.rolestack.core.naming.HostName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.rolestack.core.spec.SpecLoaderTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code backups.search:}, read and refused at FILE:LINE:COLUMN. */
class SearchBackupsSpecTest {
    static final Path F = Path.of("spec.yaml");
    static final String VALID = """
            environment: production
            domain: wpdn
            provider: { type: local }
            jump: jump
            hosts: [masterdb1, elastic1]
            backups:
              target: { dir: /b }
              search:
            """;

    static PlatformSpec.SearchBackups read(String search) {
        return SpecLoader.parse(F, VALID + search).backups().orElseThrow().search().orElseThrow();
    }

    @Test
    void aSpecHostWithItsDefaultsOrEveryKeyGiven() {
        PlatformSpec.SearchBackups d = read("    host: elastic1\n    repository: nightly\n");
        assertThat(d.host()).map(HostName::fqdn).hasValue("elastic1.production.wpdn");
        assertThat(d.address()).isEmpty();
        assertThat(d.port()).isEqualTo(9200);
        assertThat(d.node()).isEqualTo("elastic1:9200");
        assertThat(d.location()).isEmpty();
        assertThat(d.indices()).containsExactly("*");
        assertThat(d.retention()).isEqualTo(PlatformSpec.Retention.DEFAULT);
        assertThat(d.verify()).isTrue();
        assertThat(d.schedule()).isEmpty();
        assertThat(d.timeout()).isEqualTo(Duration.ofHours(2));

        PlatformSpec.SearchBackups all = read("""
                    host: elastic1
                    port: 9201
                    repository: nightly.v2
                    location: /var/backups/search
                    indices: [products, "logs-*"]
                    retention: { keep: 14, maxAge: 30d }
                    verify: false
                    schedule: "H 3 * * *"
                    timeout: 30m
                """);
        assertThat(all.port()).isEqualTo(9201);
        assertThat(all.repository()).isEqualTo("nightly.v2");
        assertThat(all.location()).hasValue("/var/backups/search");
        assertThat(all.indices()).containsExactly("products", "logs-*");
        assertThat(all.retention()).isEqualTo(new PlatformSpec.Retention(Optional.of(14), Optional.of(Duration.ofDays(30))));
        assertThat(all.verify()).isFalse();
        assertThat(all.schedule()).hasValue("H 3 * * *");
        assertThat(all.timeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void anAddressAsTheJumpHostReachesIt() {
        PlatformSpec.SearchBackups u = read("    url: http://10.0.0.9:9200\n    repository: nightly\n");
        assertThat(u.host()).isEmpty();
        assertThat(u.address()).hasValue("10.0.0.9");
        assertThat(u.port()).isEqualTo(9200);
        assertThat(u.node()).isEqualTo("10.0.0.9:9200");
        assertThat(read("    url: http://search.internal:9300/\n    repository: r\n").node()).isEqualTo("search.internal:9300");
    }

    @Test
    void theRecordsLiveInADotDirectoryOfTheTarget() {
        assertThat(SpecLoader.parse(F, VALID + "    host: elastic1\n    repository: n\n").backups().orElseThrow().searchRecordsDir())
                .isEqualTo(Path.of("/b/.search-snapshots"));
    }

    @Test
    void badValuesAreErrorsAtTheirPosition() {
        assertError(VALID + "    host: elastic1\n    repository: n\n    keep: 3\n", "11:5", "unknown key 'keep'");
        assertError(VALID + "    repository: n\n", "9:5", "search needs 'host'");
        assertError(VALID + "    host: elastic2\n    repository: n\n", "9:11", "'elastic2' is not one of the spec's hosts");
        assertError(VALID + "    host: elastic1\n    url: http://10.0.0.9:9200\n    repository: n\n", "10:10", "not both");
        assertError(VALID + "    host: elastic1\n", "9:5", "missing required key 'repository'");
        assertError(VALID + "    host: elastic1\n    port: 0\n    repository: n\n", "10:11", "port must be 1 to 65535, was 0");
        assertError(VALID + "    host: elastic1\n    port: http\n    repository: n\n", "10:11", "expected an integer");
        assertError(VALID + "    host: elastic1\n    repository: Nightly\n", "10:17", "repository 'Nightly' must be lower case");
        assertError(VALID + "    host: elastic1\n    repository: ../x\n", "10:17", "repository '../x'");
        assertError(VALID + "    host: elastic1\n    repository: n\n    location: backups\n", "11:15", "must be an absolute path on the search node");
        assertError(VALID + "    host: elastic1\n    repository: n\n    indices: []\n", "11:14", "indices is empty");
        assertError(VALID + "    host: elastic1\n    repository: n\n    indices: [Products]\n", "11:15", "'Products' is not an index name");
        assertError(VALID + "    host: elastic1\n    repository: n\n    indices: [a, a]\n", "11:18", "duplicate index pattern 'a'");
        assertError(VALID + "    host: elastic1\n    repository: n\n    retention: { keep: 0 }\n", "11:24", "keep must be at least 1");
        assertError(VALID + "    host: elastic1\n    repository: n\n    schedule: '0 25 * * *'\n", "11:15", "schedule '0 25 * * *': ");
        assertError(VALID + "    host: elastic1\n    repository: n\n    verify: maybe\n", "11:13", "expected true or false");
        assertError(VALID + "    host: elastic1\n    repository: n\n    timeout: 10s\n", "11:14", "too short");
    }

    @Test
    void badUrlsAreRefusedNamingWhy() {
        String repo = "    repository: n\n";
        assertError(VALID + "    url: https://10.0.0.9:9200\n" + repo, "9:10", "https to the node is not supported yet");
        assertError(VALID + "    url: ftp://10.0.0.9:9200\n" + repo, "9:10", "must be http://ADDRESS:PORT");
        assertError(VALID + "    url: http://user:secret@10.0.0.9:9200\n" + repo, "9:10", "credentials in the URL are refused");
        assertError(VALID + "    url: http://10.0.0.9\n" + repo, "9:10", "needs its port");
        assertError(VALID + "    url: http://10.0.0.9:9200/_snapshot\n" + repo, "9:10", "without path or query");
        assertError(VALID + "    url: 'http://10.0.0.9:9200 x'\n" + repo, "9:10", "is not a URL");
        assertError(VALID + "    url: http://10.0.0.9:9200\n    port: 9200\n" + repo, "10:11", "the port is the url's");
    }

    @Test
    void theOldElasticsearchKeyIsUnknownNow() {
        assertError(VALID.replace("  search:\n", "  elasticsearch: { repository: n }\n"), "8:3", "unknown key 'elasticsearch'");
    }

    @Test
    void aSecretInTheUrlNeverShowsInTheError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SpecLoader.parse(F, VALID + "    url: 'http://u:hun ter2@10.0.0.9:9200'\n    repository: n\n"))
                .hasMessageContaining("credentials in the URL are refused").hasMessageNotContaining("ter2");
        assertThat(List.of(SpecLoader.NOT_SUPPORTED_YET.keySet().toArray())).doesNotContain("backups.elasticsearch", "backups.search");
    }
}
