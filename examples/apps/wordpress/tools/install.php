<?php
// WordPress's install, without the web form (docs/wordpress.md): run by `rolestack app setup` through
// ../rolestack-setup on one app host, as www-data, in the current release. The admin password comes on
// stdin (from rolestack's secret store), never in argv or the environment. Idempotent: an installed site
// is left alone ("already installed", exit 0). Outside the document root (htdocs): never served.
if (PHP_SAPI !== 'cli') {
    exit(1);
}
$o = getopt('', ['title:', 'user:', 'email:', 'hostname:']);
foreach (['title', 'user', 'email', 'hostname'] as $k) {
    if (!isset($o[$k]) || $o[$k] === '') {
        fwrite(STDERR, "install.php: --$k is missing\n");
        exit(2);
    }
}
$password = rtrim((string) stream_get_contents(STDIN), "\r\n");
if (strlen($password) < 12) {
    fwrite(STDERR, "install.php: expected the admin password (12 characters or more) on stdin\n");
    exit(2);
}
// wp-config.php takes the site's address from the Host header when it is one of the app's names.
$_SERVER['HTTP_HOST'] = $o['hostname'];
define('WP_INSTALLING', true);
require dirname(__DIR__) . '/htdocs/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
if (is_blog_installed()) {
    echo "already installed: ", get_option('siteurl'), "\n";
    exit(0);
}
$result = wp_install($o['title'], $o['user'], $o['email'], true, '', wp_slash($password));
if (empty($result['user_id'])) {
    fwrite(STDERR, "install.php: wp_install made no admin user\n");
    exit(1);
}
echo "installed: ", get_option('siteurl'), " (admin user ", $o['user'], ")\n";
