package io.rolestack.backup.search;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchHttpTest {
    @Test
    void badUrlsAreRefusedNamingThem() {
        assertThatThrownBy(() -> new SearchHttp(URI.create("ftp://search1:9200"), Duration.ofSeconds(5)))
                .hasMessageContaining("search node URL ftp://search1:9200");
        assertThatThrownBy(() -> new SearchHttp(URI.create("http://admin:secret@search1:9200"), Duration.ofSeconds(5)))
                .hasMessageContaining("credentials in the URL are refused").hasMessageNotContaining("secret");
    }

    @Test
    void aNodeThatIsNotListeningIsAnErrorNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there now
        }
        SearchHttp http = new SearchHttp(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(5));
        assertThatThrownBy(() -> http.get("_snapshot/nightly"))
                .isInstanceOf(SearchException.class)
                .hasMessageContaining("GET http://127.0.0.1:" + port + "/_snapshot/nightly: search node not reachable");
    }
}
