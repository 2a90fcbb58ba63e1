package io.rolestack.app.release;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an app's config templates see of its own database ({@code app.database}): its name, its account, and the
 * ini on the app hosts that holds the primary's address and the password. Never the password itself: releases
 * (rendered configs included) are archived on the build machine, the ini stays on the app hosts and follows a
 * switchover; the app reads it at run time.
 */
public record AppDatabaseRef(String name, String user, String iniPath) {
    public AppDatabaseRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(iniPath, "iniPath");
    }

    Map<String, Object> model() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("user", user);
        m.put("iniPath", iniPath);
        return m;
    }
}
