package io.rolestack.vm.openstack;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the Keystone v3 credentials the way the openstack CLI does: explicit
 * fields first, then the cloud named by the settings or {@code OS_CLOUD} in
 * clouds.yaml, then the {@code OS_*} variables. The environment is passed in,
 * never read here, so every source is testable.
 */
public final class OpenStackAuth {

    private OpenStackAuth() {
    }

    /** clouds.yaml in the order the openstack CLI looks: {@code OS_CLIENT_CONFIG_FILE}, ./, ~/.config/openstack/, /etc/openstack/. */
    public static List<Path> standardCloudsYamlLocations(Map<String, String> env) {
        List<Path> paths = new ArrayList<>();
        String explicit = env.getOrDefault("OS_CLIENT_CONFIG_FILE", "");
        if (!explicit.isBlank()) paths.add(Path.of(explicit));
        paths.add(Path.of("clouds.yaml"));
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        if (home != null && !home.isBlank()) paths.add(Path.of(home, ".config", "openstack", "clouds.yaml"));
        paths.add(Path.of("/etc/openstack/clouds.yaml"));
        return paths;
    }

    public static OpenStackCredentials resolve(OpenStackSettings settings, Map<String, String> env) {
        return resolve(settings, env, standardCloudsYamlLocations(env));
    }

    public static OpenStackCredentials resolve(OpenStackSettings settings, Map<String, String> env, List<Path> cloudsYaml) {
        if (settings.credentials().isPresent()) {
            return fillSecretFromEnv(settings.credentials().get(), env).validated("the spec's provider section");
        }
        String cloud = !settings.cloud().isBlank() ? settings.cloud() : env.getOrDefault("OS_CLOUD", "").trim();
        if (!cloud.isEmpty()) {
            for (Path p : cloudsYaml) {
                if (!Files.isRegularFile(p)) continue;
                Optional<OpenStackCredentials> c = fromCloudsYaml(p, cloud);
                if (c.isPresent()) return fillSecretFromEnv(c.get(), env).validated(p + " (cloud '" + cloud + "')");
            }
            throw new IllegalArgumentException("OpenStack cloud '" + cloud + "' is in none of " + cloudsYaml);
        }
        if (!env.getOrDefault("OS_AUTH_URL", "").isBlank()) return fromEnvironment(env).validated("OS_* variables");
        throw new IllegalArgumentException("no OpenStack credentials: set provider.cloud or OS_CLOUD (clouds.yaml),"
                + " or OS_AUTH_URL and the other OS_* variables");
    }

    /** The {@code OS_*} variables the openstack CLI reads. */
    public static OpenStackCredentials fromEnvironment(Map<String, String> env) {
        return new OpenStackCredentials(env.get("OS_AUTH_URL"), env.get("OS_USERNAME"), env.get("OS_PASSWORD"),
                KeystoneDomain.of(env.get("OS_USER_DOMAIN_NAME"), env.get("OS_USER_DOMAIN_ID")),
                env.getOrDefault("OS_PROJECT_NAME", env.get("OS_TENANT_NAME")),
                KeystoneDomain.of(env.get("OS_PROJECT_DOMAIN_NAME"), env.get("OS_PROJECT_DOMAIN_ID")),
                env.get("OS_APPLICATION_CREDENTIAL_ID"), env.get("OS_APPLICATION_CREDENTIAL_SECRET"),
                env.get("OS_REGION_NAME"));
    }

    /** One cloud of a clouds.yaml file; empty when the file does not name it. */
    public static Optional<OpenStackCredentials> fromCloudsYaml(Path file, String cloud) {
        Object root;
        try (Reader r = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException | RuntimeException e) {
            // The YAML parser's message quotes the offending text, which may be a password: keep only its position.
            String where = e instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null
                    ? ":" + (m.getProblemMark().getLine() + 1) : "";
            throw new IllegalArgumentException(file + where + ": not a readable clouds.yaml");
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("clouds") instanceof Map<?, ?> clouds)) {
            throw new IllegalArgumentException(file + ": no top-level 'clouds:' map");
        }
        Object entry = clouds.get(cloud);
        if (entry == null) return Optional.empty();
        if (!(entry instanceof Map<?, ?> c)) throw new IllegalArgumentException(file + ": clouds." + cloud + " is not a map");
        Map<?, ?> auth = c.get("auth") instanceof Map<?, ?> a ? a : Map.of();
        String authType = text(c, "auth_type");
        if (!authType.isEmpty() && !authType.equals("password") && !authType.equals("v3password")
                && !authType.equals("v3applicationcredential")) {
            throw new IllegalArgumentException(file + ": clouds." + cloud + ".auth_type '" + authType
                    + "' is not supported (password, v3password, v3applicationcredential)");
        }
        return Optional.of(new OpenStackCredentials(text(auth, "auth_url"), text(auth, "username"),
                text(auth, "password"), KeystoneDomain.of(text(auth, "user_domain_name"), text(auth, "user_domain_id")),
                firstNonEmpty(text(auth, "project_name"), text(auth, "tenant_name")),
                KeystoneDomain.of(text(auth, "project_domain_name"), text(auth, "project_domain_id")),
                text(auth, "application_credential_id"), text(auth, "application_credential_secret"),
                text(c, "region_name")));
    }

    private static OpenStackCredentials fillSecretFromEnv(OpenStackCredentials c, Map<String, String> env) {
        String password = c.password().isEmpty() ? env.getOrDefault("OS_PASSWORD", "") : c.password();
        String secret = c.applicationCredentialSecret().isEmpty()
                ? env.getOrDefault("OS_APPLICATION_CREDENTIAL_SECRET", "") : c.applicationCredentialSecret();
        return new OpenStackCredentials(c.authUrl(), c.username(), password, c.userDomain(), c.projectName(),
                c.projectDomain(), c.applicationCredentialId(), secret, c.regionName());
    }

    private static String text(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : String.valueOf(v).trim();
    }

    private static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? b : a;
    }
}
