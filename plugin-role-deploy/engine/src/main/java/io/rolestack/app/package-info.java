/**
 * App deploys (docs/apps.md): an app's parent git repo and its plugins (git, svn, zip) are fetched and built
 * once, on the machine running rolestack, into one release archive named by a digest of all its inputs
 * ({@link io.rolestack.app.release}); the archive is streamed to every host of the app's pool and to the
 * frontends, switched to atomically, checked through the frontends and rolled back when that check fails
 * ({@link io.rolestack.app.deploy}). Sources: {@link io.rolestack.app.source}; config templates rendered from
 * the pools: {@link io.rolestack.app.config}.
 */
package io.rolestack.app;
