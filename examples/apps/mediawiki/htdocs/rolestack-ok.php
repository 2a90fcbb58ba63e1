<?php
// Rolestack's health page for MediaWiki (the spec's `health:`, asked through every frontend after a switch):
// 200 "ok db=HOST user=... cipher=... installed=0|1 pages=N" when MediaWiki's own database connection
// (LocalSettings.php: TLS, CA-verified, the app's account) works; else 500. Answers before the install too.
use MediaWiki\MediaWikiServices;

define('MW_NO_SESSION', 1);
define('MW_ENTRY_POINT', 'rolestack-ok');
require __DIR__ . '/includes/WebStart.php';
header('Content-Type: text/plain');
header('Cache-Control: no-store');
try {
    $db = MediaWikiServices::getInstance()->getDBLoadBalancer()->getConnection(DB_PRIMARY);
    $row = $db->query("SHOW SESSION STATUS LIKE 'Ssl_cipher'", __METHOD__)->fetchRow();
    $cipher = is_array($row) ? (string) $row[1] : '';
    if ($cipher === '') {
        http_response_code(500);
        echo "failed: the database connection is not encrypted\n";
        exit;
    }
    $installed = $db->tableExists('page', __METHOD__);
    $pages = $installed ? (int) $db->selectField('page', 'COUNT(*)', ['page_namespace' => 0], __METHOD__) : 0;
    echo 'ok db=', $db->selectField(null, '@@hostname', '', __METHOD__), ' user=', $db->selectField(null, 'CURRENT_USER()', '', __METHOD__),
        ' cipher=', $cipher, ' installed=', $installed ? 1 : 0, ' pages=', $pages, "\n";
} catch (Throwable $e) {
    http_response_code(500);
    echo 'failed: ', get_class($e), ': ', $e->getMessage(), "\n";
}
