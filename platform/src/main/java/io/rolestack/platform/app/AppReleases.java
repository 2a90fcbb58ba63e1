package io.rolestack.platform.app;

import io.rolestack.app.deploy.ReleaseState;

import java.util.List;

/** An app's releases on each of its hosts (app hosts, then frontends). */
public record AppReleases(String app, List<ReleaseState> hosts) {
    public AppReleases {
        hosts = List.copyOf(hosts);
    }
}
