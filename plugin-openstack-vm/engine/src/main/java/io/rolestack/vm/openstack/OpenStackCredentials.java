package io.rolestack.vm.openstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keystone v3 credentials: either a user password or an application credential.
 * {@link #toString()} never prints the password or the application credential secret.
 *
 * @param authUrl                     Keystone endpoint, e.g. {@code https://keystone.example.org:5000/v3}
 * @param username                    user name (password method)
 * @param password                    password (password method); a secret
 * @param userDomain                  user's domain, by name or id (default the name {@code Default})
 * @param projectName                 project to scope the token to (password method)
 * @param projectDomain               project's domain, by name or id (default the name {@code Default})
 * @param applicationCredentialId     application credential id (application_credential method)
 * @param applicationCredentialSecret application credential secret; a secret
 * @param regionName                  region whose endpoints are used; empty = any
 */
public record OpenStackCredentials(String authUrl, String username, String password, KeystoneDomain userDomain,
                                   String projectName, KeystoneDomain projectDomain, String applicationCredentialId,
                                   String applicationCredentialSecret, String regionName) {

    public OpenStackCredentials {
        authUrl = blankToEmpty(authUrl);
        username = blankToEmpty(username);
        password = password == null ? "" : password;
        userDomain = userDomain == null ? KeystoneDomain.DEFAULT : userDomain;
        projectName = blankToEmpty(projectName);
        projectDomain = projectDomain == null ? KeystoneDomain.DEFAULT : projectDomain;
        applicationCredentialId = blankToEmpty(applicationCredentialId);
        applicationCredentialSecret = applicationCredentialSecret == null ? "" : applicationCredentialSecret;
        regionName = blankToEmpty(regionName);
    }

    public static OpenStackCredentials password(String authUrl, String username, String password, String projectName) {
        return new OpenStackCredentials(authUrl, username, password, KeystoneDomain.DEFAULT, projectName,
                KeystoneDomain.DEFAULT, "", "", "");
    }

    public static OpenStackCredentials applicationCredential(String authUrl, String id, String secret) {
        return new OpenStackCredentials(authUrl, "", "", null, "", null, id, secret, "");
    }

    /** True when the application_credential method is used (it takes precedence over a password). */
    public boolean usesApplicationCredential() {
        return !applicationCredentialId.isEmpty();
    }

    public Optional<String> region() {
        return regionName.isEmpty() ? Optional.empty() : Optional.of(regionName);
    }

    /** The secret strings these credentials carry, so callers can scrub them from any text they emit. */
    public List<String> secrets() {
        List<String> s = new ArrayList<>();
        if (!password.isEmpty()) s.add(password);
        if (!applicationCredentialSecret.isEmpty()) s.add(applicationCredentialSecret);
        return s;
    }

    /** Checks that the chosen method has every field it needs; names the missing one. */
    public OpenStackCredentials validated(String source) {
        List<String> missing = new ArrayList<>();
        if (authUrl.isEmpty()) missing.add("auth_url");
        if (usesApplicationCredential()) {
            if (applicationCredentialSecret.isEmpty()) missing.add("application_credential_secret");
        } else {
            if (username.isEmpty()) missing.add("username");
            if (password.isEmpty()) missing.add("password");
            if (projectName.isEmpty()) missing.add("project_name");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("OpenStack credentials from " + source + " lack " + String.join(", ", missing));
        }
        return this;
    }

    /** The Keystone v3 base URL ({@code .../v3}), whatever form auth_url was given in. */
    public String identityV3Url() {
        String u = authUrl.endsWith("/") ? authUrl.substring(0, authUrl.length() - 1) : authUrl;
        return u.endsWith("/v3") ? u : u + "/v3";
    }

    @Override
    public String toString() {
        String who = usesApplicationCredential()
                ? "applicationCredential=" + applicationCredentialId + ", secret=" + mask(applicationCredentialSecret)
                : "user=" + username + "@" + userDomain + ", password=" + mask(password)
                  + ", project=" + projectName + "@" + projectDomain;
        return "OpenStackCredentials[authUrl=" + authUrl + ", " + who
                + (regionName.isEmpty() ? "" : ", region=" + regionName) + "]";
    }

    private static String mask(String secret) {
        return secret.isEmpty() ? "(none)" : "****";
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.trim();
    }
}
