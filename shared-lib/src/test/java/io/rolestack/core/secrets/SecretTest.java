package io.rolestack.core.secrets;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecretTest {
    @Test
    void neverPrintsItsValueNotEvenInsideOtherValues() {
        Secret s = new Secret("hunter2-very-secret");
        assertThat(s.toString()).isEqualTo("Secret[****]");
        assertThat(String.valueOf(List.of(s))).doesNotContain("hunter2");
        assertThat(String.valueOf(Map.of("pw", s))).doesNotContain("hunter2");
        assertThat(s.value()).isEqualTo("hunter2-very-secret");
        assertThat(s).isEqualTo(new Secret("hunter2-very-secret"));
    }
}
