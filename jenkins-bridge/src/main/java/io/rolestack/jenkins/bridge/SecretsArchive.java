package io.rolestack.jenkins.bridge;

import io.rolestack.core.secrets.InMemorySecretStore;
import io.rolestack.core.secrets.Secret;
import io.rolestack.core.secrets.SecretStore;
import io.rolestack.platform.InvalidRequestException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The platform's secrets as a Jenkins "secret file" credential holds them: a zip
 * of the secrets directory the CLI keeps ({@code ~/.config/rolestack/secrets/ENV},
 * docs/secrets.md), made with {@code cd ~/.config/rolestack/secrets/ENV && zip -r ../ENV.zip .}
 * (a folder inside the zip is fine too). Each file becomes one secret named by
 * its file name; dot files (the store's {@code .lock}) are skipped.
 *
 * <p>The store is read-only: a secret it lacks is refused by name, never created
 * on the side where it would not survive the build (docs/secrets.md).
 */
public final class SecretsArchive {
    static final int MAX_ENTRIES = 256;
    static final int MAX_SIZE = 1 << 20;

    private SecretsArchive() {
    }

    /** The secrets in {@code zip}; a refusal names the credential and the entry, never a value. */
    public static Map<String, Secret> read(String credentialId, byte[] zip) {
        Map<String, Secret> out = new LinkedHashMap<>();
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (++entries > MAX_ENTRIES) throw refuse(credentialId, "more than " + MAX_ENTRIES + " entries");
                if (e.isDirectory()) continue;
                String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                if (name.startsWith(".")) continue;
                if (!SecretStore.NAME.matcher(name).matches()) {
                    throw refuse(credentialId, "entry '" + e.getName() + "' is not a secret name (letters, digits, . _ @ -)");
                }
                if (out.containsKey(name)) throw refuse(credentialId, "'" + name + "' is in it twice");
                out.put(name, new Secret(new String(readLimited(in, credentialId, e.getName()), StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw refuse(credentialId, "not a zip of the secrets directory (" + e.getMessage() + ")");
        }
        if (out.isEmpty()) throw refuse(credentialId, "holds no secret: expected a zip of the secrets directory");
        return out;
    }

    /** A read-only store of {@code zip}'s secrets, described by the credential's id. */
    public static SecretStore store(String credentialId, byte[] zip) {
        return InMemorySecretStore.readOnly("Jenkins credential '" + credentialId + "'",
                "update the secret file credential '" + credentialId + "' with a zip of the secrets directory "
                        + "that created this environment's CA (docs/secrets.md)", read(credentialId, zip));
    }

    private static byte[] readLimited(InputStream in, String credentialId, String entry) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk)) > 0; ) {
            buf.write(chunk, 0, n);
            if (buf.size() > MAX_SIZE) throw refuse(credentialId, "entry '" + entry + "' is larger than " + MAX_SIZE + " bytes");
        }
        return buf.toByteArray();
    }

    private static InvalidRequestException refuse(String credentialId, String why) {
        return new InvalidRequestException("secretsCredentialsId '" + credentialId + "': " + why);
    }
}
