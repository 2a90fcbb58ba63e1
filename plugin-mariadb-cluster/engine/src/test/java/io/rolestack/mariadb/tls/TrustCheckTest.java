package io.rolestack.mariadb.tls;

import io.rolestack.core.secrets.InMemorySecretStore;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The four verdicts, without hosts: what each host trusts is given. */
class TrustCheckTest {
    private final X509Certificate hostsCa = CertificateAuthority.create("production", Clock.systemUTC()).certificate();
    private final Map<String, String> paths = Map.of("masterdb1.production.wpdn", "/etc/mysql/ssl/ca-bundle.pem",
            "db2.production.wpdn", "/etc/mysql/ssl/ca-bundle.pem");

    private static CaStore store(String name) {
        return CaStore.of(InMemorySecretStore.writable(name, Map.of()), "production");
    }

    private static Map<String, List<X509Certificate>> trust(List<X509Certificate> primary, List<X509Certificate> replica) {
        Map<String, List<X509Certificate>> m = new LinkedHashMap<>();
        m.put("masterdb1.production.wpdn", primary);
        m.put("db2.production.wpdn", replica);
        return m;
    }

    @Test
    void emptyStoreAndNoTrustedCaIsAFirstRun() {
        TrustCheck c = TrustCheck.of(store("s"), trust(List.of(), List.of()), paths);
        assertThat(c.verdict()).isEqualTo(TrustCheck.Verdict.FIRST_RUN);
        assertThat(c.orThrow()).isSameAs(c);
    }

    @Test
    void emptyStoreWhileHostsTrustACaIsRefusedNamingStoreHostsFingerprintAndRestore() {
        CaStore s = store("Jenkins credential 'db-production'");
        TrustCheck c = TrustCheck.of(s, trust(List.of(hostsCa), List.of(hostsCa)), paths);
        assertThat(c.verdict()).isEqualTo(TrustCheck.Verdict.STORE_EMPTY);
        assertThatThrownBy(c::orThrow).isInstanceOf(CaTrustException.class)
                .hasMessageContaining("refusing to create a new CA")
                .hasMessageContaining("Jenkins credential 'db-production' has no CA")
                .hasMessageContaining("masterdb1.production.wpdn (/etc/mysql/ssl/ca-bundle.pem): " + TrustCheck.fingerprint(hostsCa))
                .hasMessageContaining("db2.production.wpdn")
                .hasMessageContaining("Nothing was changed on any host")
                .hasMessageContaining("Restore the store that set up these hosts: provide the secrets the first run created to Jenkins credential");
        assertThat(s.existingCa()).as("the check never makes a CA").isEmpty();
    }

    @Test
    void aStoreWhoseCaNoHostTrustsIsRefusedWithBothFingerprints() {
        CaStore s = store("file store /elsewhere");
        X509Certificate mine = s.createCaIfAbsent().certificate();
        TrustCheck c = TrustCheck.of(s, trust(List.of(hostsCa), List.of()), paths);
        assertThat(c.verdict()).isEqualTo(TrustCheck.Verdict.OTHER_CA);
        assertThatThrownBy(c::orThrow).isInstanceOf(CaTrustException.class)
                .hasMessageContaining("refusing to use file store /elsewhere")
                .hasMessageContaining(TrustCheck.fingerprint(mine))
                .hasMessageContaining(TrustCheck.fingerprint(hostsCa))
                .hasMessageContaining("Restore the right one");
    }

    @Test
    void theRightStoreIsOkAlsoDuringARotationAndWithOneStrayHost() {
        CaStore s = store("s");
        X509Certificate mine = s.createCaIfAbsent().certificate();
        assertThat(TrustCheck.of(s, trust(List.of(mine), List.of(mine)), paths).verdict()).isEqualTo(TrustCheck.Verdict.OK);
        assertThat(TrustCheck.of(s, trust(List.of(), List.of()), paths).verdict()).as("new hosts").isEqualTo(TrustCheck.Verdict.OK);
        TrustCheck stray = TrustCheck.of(s, trust(List.of(mine), List.of(hostsCa)), paths);
        assertThat(stray.verdict()).isEqualTo(TrustCheck.Verdict.OK);
        assertThat(stray.hostsTrustingOtherCas()).containsExactly("db2.production.wpdn");
        s.rotateCa();
        // hosts still trust only the old CA, which the store's bundle still holds
        assertThat(TrustCheck.of(s, trust(List.of(mine), List.of(mine)), paths).verdict()).isEqualTo(TrustCheck.Verdict.OK);
    }

    @Test
    void fingerprintIsSha256OfTheDerCertificateAsOpensslPrintsIt() throws Exception {
        String expected = HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(hostsCa.getEncoded()));
        assertThat(TrustCheck.fingerprint(hostsCa)).isEqualTo(expected).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }
}
