package io.rolestack.jenkins.bridge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MaskerTest {
    private static final String KEY = """
            -----BEGIN OPENSSH PRIVATE KEY-----
            b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
            QyNTUxOQAAACDf1vX3Zp0lJ4x6b2lQ8sNn3r9kQw0m8E0Kx4yq2n3f6QAAAJg1l9bNNZfW
            -----END OPENSSH PRIVATE KEY-----
            """;

    @Test
    void masksWholeValuesAndEachLongLineOfAMultiLineSecret() {
        Masker m = Masker.of(List.of("s3cr3t-pass", KEY));
        assertThat(m.mask("login as ops with s3cr3t-pass failed")).isEqualTo("login as ops with **** failed");
        assertThat(m.mask("key: " + KEY)).doesNotContain("b3BlbnNzaC1rZXkt").doesNotContain("QyNTUxOQAAACDf");
        assertThat(m.mask("bad line QyNTUxOQAAACDf1vX3Zp0lJ4x6b2lQ8sNn3r9kQw0m8E0Kx4yq2n3f6QAAAJg1l9bNNZfW in key"))
                .isEqualTo("bad line **** in key");
        assertThat(m.mask("-----END OPENSSH PRIVATE KEY-----")).as("a line that is no secret on its own stays")
                .isEqualTo("-----END OPENSSH PRIVATE KEY-----");
    }

    @Test
    void aSecretInsideAnotherIsMaskedWhole() {
        Masker m = Masker.of(List.of("abc", "xxabcxx"));
        assertThat(m.mask("[xxabcxx] [abc]")).isEqualTo("[****] [****]");
    }

    @Test
    void blankValuesMaskNothing() {
        Masker m = Masker.of(java.util.Arrays.asList("", " ", null));
        assertThat(m.mask("a b")).isEqualTo("a b");
        assertThat(Masker.none().mask(null)).isNull();
    }
}
