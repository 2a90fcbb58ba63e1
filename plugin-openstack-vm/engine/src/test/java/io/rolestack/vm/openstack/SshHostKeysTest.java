package io.rolestack.vm.openstack;

import io.rolestack.core.naming.HostName;
import io.rolestack.core.remote.KnownHostsStore;
import io.rolestack.core.secrets.InMemorySecretStore;
import net.schmizz.sshj.common.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SshHostKeysTest {
    @TempDir
    Path tmp;

    static PublicKey key(String line) {
        try {
            return new Buffer.PlainBuffer(Base64.getDecoder().decode(line.split(" ")[1])).readPublicKey();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** ssh-keygen -y reads the private key and prints its public key: both formats are OpenSSH's own. */
    @Test
    void privateKeysAreReadByOpenSshAndMatchThePublicLines() throws Exception {
        SshHostKeys k = SshHostKeys.generate();
        assertThat(k.ed25519Private().value()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        assertThat(k.rsaPrivate().value()).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
        assertThat(k.toString()).doesNotContain(k.ed25519Private().value().substring(40, 80)).contains("****");
        for (var pair : List.of(List.of(k.ed25519Private().value(), k.ed25519Public()), List.of(k.rsaPrivate().value(), k.rsaPublic()))) {
            Path f = tmp.resolve("key" + pair.get(1).length());
            Files.writeString(f, pair.get(0));
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            Process p = new ProcessBuilder("ssh-keygen", "-y", "-f", f.toString()).redirectErrorStream(true).start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out.split(" ")[0] + " " + out.split(" ")[1]).isEqualTo(pair.get(1));
        }
        assertThat(k.rsaPublic()).startsWith("ssh-rsa ");
        assertThat(((java.security.interfaces.RSAPublicKey) key(k.rsaPublic())).getModulus().bitLength()).isEqualTo(3072);
        assertThat(k.fingerprints()).matches("ssh-ed25519 SHA256:[A-Za-z0-9+/]{43}, ssh-rsa SHA256:[A-Za-z0-9+/]{43}");
    }

    @Test
    void pinsKeepsKeysAcrossCallsPinsEveryNameAndForgets() throws Exception {
        InMemorySecretStore secrets = InMemorySecretStore.writable("test store", java.util.Map.of());
        KnownHostsStore known = new KnownHostsStore(tmp.resolve("known_hosts"), false);
        HostKeyPins pins = new HostKeyPins(secrets, known);
        HostName app1 = HostName.parse("app1.production.wpdn");

        SshHostKeys first = pins.forNewServer(app1);
        assertThat(pins.forNewServer(app1)).isEqualTo(first); // a retried boot keeps its keys
        assertThat(secrets.read("ssh_host_ed25519_key@app1.production.wpdn")).contains(first.ed25519Private());

        pins.pin(app1, first, List.of("10.20.0.10", ""));
        for (String name : List.of("app1.production.wpdn", "app1", "10.20.0.10")) {
            assertThat(known.isPinned(name, key(first.ed25519Public()))).as(name).isTrue();
            assertThat(known.isPinned(name, key(first.rsaPublic()))).as(name).isTrue();
        }
        assertThat(Files.readString(known.file())).doesNotContain("PRIVATE");

        pins.forget(app1, List.of("10.20.0.10"));
        assertThat(Files.readString(known.file())).isEmpty();
        assertThat(pins.stored(app1)).isEmpty();
        assertThat(pins.forNewServer(app1)).isNotEqualTo(first);
    }
}
