package io.rolestack.core.naming;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HostNameProperties {

    record Identity(String role, List<String> qualifiers, Optional<Integer> index, String env, String domain) {
        String text() {
            StringBuilder b = new StringBuilder(role);
            qualifiers.forEach(q -> b.append('-').append(q));
            index.ifPresent(b::append);
            return b + "." + env + "." + domain;
        }
    }

    // Roles and qualifiers end in a letter: a trailing digit would be read as the index.
    static Arbitrary<String> word() {
        Arbitrary<String> middle = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofMaxLength(6);
        Arbitrary<Character> letter = Arbitraries.chars().range('a', 'z');
        return Combinators.combine(letter, middle, letter).as((a, m, z) -> a + m + z)
                .filter(w -> !w.equals("masterdb"));
    }

    static Arbitrary<String> label() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-')
                .ofMinLength(1).ofMaxLength(20)
                .filter(l -> !l.startsWith("-") && !l.endsWith("-"));
    }

    @Provide
    Arbitrary<Identity> identities() {
        return Combinators.combine(word(), word().list().ofMaxSize(3),
                        Arbitraries.integers().between(0, 99999).optional(),
                        label(), label().list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(".", l)))
                .as(Identity::new);
    }

    @Property
    void parseReadsBackWhatWasWritten(@ForAll("identities") Identity id) {
        HostName h = HostName.parse(id.text());
        assertThat(h.role()).isEqualTo(id.role());
        assertThat(h.qualifiers()).isEqualTo(id.qualifiers());
        assertThat(h.indexValue()).isEqualTo(id.index());
        assertThat(h.environment()).isEqualTo(id.env());
        assertThat(h.domain()).isEqualTo(id.domain());
        assertThat(h.fqdn()).isEqualTo(id.text());
    }

    @Property
    void fqdnRoundTrips(@ForAll("identities") Identity id) {
        HostName h = HostName.parse(id.text());
        assertThat(HostName.parse(h.fqdn())).isEqualTo(h);
        assertThat(HostName.parse(h.fqdn().toUpperCase())).isEqualTo(h);
    }

    @Property(tries = 2000)
    void garbageNeverThrowsAnythingButTheDocumentedError(@ForAll String garbage) {
        try {
            HostName h = HostName.parse(garbage);
            assertThat(h.fqdn()).matches("[a-z0-9.-]+");
        } catch (InvalidHostNameException e) {
            assertThat(e.getMessage()).startsWith("invalid hostname '").doesNotContain("\n");
        }
    }

    @Property(tries = 2000)
    void nearMissesNeverThrowAnythingButTheDocumentedError(@ForAll("nearMisses") String s) {
        try {
            HostName.parse(s);
        } catch (InvalidHostNameException e) {
            assertThat(e.rule()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> nearMisses() {
        return Arbitraries.strings().withChars("abcxyz019-._AZ ").ofMaxLength(80);
    }
}
