<?php
// Rolestack's health page for WordPress (the spec's `health:`, asked through every frontend after a
// switch): 200 "ok db=HOST cipher=... installed=0|1 posts=N" (published posts) when WordPress's own database connection
// (wp-content/db.php: TLS, CA-verified, the app's account) works; else 500 (WordPress's database error).
// SHORTINIT: WordPress up to its database connection only, so a site not installed yet answers too.
define('SHORTINIT', true);
require __DIR__ . '/wp-load.php';
header('Content-Type: text/plain');
header('Cache-Control: no-store');
global $wpdb;
$cipher = method_exists($wpdb, 'rolestack_cipher') ? $wpdb->rolestack_cipher() : '';
if (!$wpdb->ready || $cipher === '') {
    http_response_code(500);
    echo 'failed: the database connection is ', ($wpdb->ready ? 'not encrypted' : 'down'), "\n";
    exit;
}
$wpdb->suppress_errors(true);
$installed = $wpdb->get_var("SELECT option_value FROM {$wpdb->options} WHERE option_name = 'siteurl'") !== null;
$posts = $installed ? (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->posts} WHERE post_type = 'post' AND post_status = 'publish'") : 0;
echo 'ok db=', $wpdb->get_var('SELECT @@hostname'), ' user=', $wpdb->get_var('SELECT CURRENT_USER()'),
    ' cipher=', $cipher, ' installed=', $installed ? 1 : 0, ' posts=', $posts, "\n";
