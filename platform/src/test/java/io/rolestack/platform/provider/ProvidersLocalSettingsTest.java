package io.rolestack.platform.provider;

import io.rolestack.core.spec.PlatformSpec;
import io.rolestack.core.spec.SpecLoader;
import io.rolestack.vm.local.LocalSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ProvidersLocalSettingsTest {

    @Test
    void withoutSubnetsTheSubnetsAreChosenAutomatically() {
        LocalSettings s = Providers.localSettings(spec("  stateDir: /tmp/st\n  cacheDir: /tmp/cache\n  suite: trixie\n"));
        assertThat(s.automaticSubnets()).isTrue();
        assertThat(s.internalSubnet()).hasToString("10.213.0.0/24");
        assertThat(s.stateRoot()).isEqualTo(Path.of("/tmp/st"));
        assertThat(s.cacheRoot()).isEqualTo(Path.of("/tmp/cache"));
        assertThat(s.suite()).isEqualTo("trixie");
    }

    @Test
    void givenSubnetsAreUsedExactly() {
        LocalSettings s = Providers.localSettings(spec("  subnet: 10.213.7.0/24\n  jumpSubnet: 10.214.0.56/29\n"));
        assertThat(s.automaticSubnets()).isFalse();
        assertThat(s.internalSubnet()).hasToString("10.213.7.0/24");
        assertThat(s.outsideSubnet()).hasToString("10.214.0.56/29");
        LocalSettings onlyInternal = Providers.localSettings(spec("  subnet: 10.213.9.0/24\n"));
        assertThat(onlyInternal.automaticSubnets()).isFalse();
        assertThat(onlyInternal.outsideSubnet()).hasToString("10.214.0.0/29");
    }

    private static PlatformSpec spec(String provider) {
        return SpecLoader.parse(Path.of("test.yaml"), """
                environment: staging
                domain: wpdn
                provider:
                  type: local
                %sjump: jump.staging.wpdn
                hosts: [app1]
                """.formatted(provider));
    }
}
