package io.rolestack.platform.watch;

/** Where the watcher's events go: the CLI prints them on stderr with their time. Called from the watcher's thread. */
@FunctionalInterface
public interface WatchListener {
    void event(WatchEvent event);
}
