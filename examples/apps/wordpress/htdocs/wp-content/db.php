<?php
/**
 * Rolestack's database drop-in (docs/wordpress.md): WordPress's own wpdb, connecting over TLS with the
 * server's certificate verified against ROLESTACK_DB_CA (the environment's CA, named by wp-config.php).
 *
 * Why a drop-in: wpdb::db_connect() calls mysqli_init() and mysqli_real_connect() back to back, with no
 * hook between them where a CA could be set; MYSQL_CLIENT_FLAGS = MYSQLI_CLIENT_SSL alone encrypts but
 * verifies nothing. So db_connect() is replaced here: the same steps after connecting, the connection
 * itself made as rolestack's health page makes it (ssl_set + MYSQLI_OPT_SSL_VERIFY_SERVER_CERT). There is
 * no fallback to plain or unverified connections: a failure is WordPress's "Error establishing a
 * database connection".
 */
defined('ABSPATH') || exit;

class Rolestack_Wpdb extends wpdb {
    public function db_connect($allow_bail = true) {
        $this->is_mysql = true;
        mysqli_report(MYSQLI_REPORT_OFF);
        $this->dbh = null;
        $error = 'ROLESTACK_DB_CA is not defined (wp-config.php): refusing to connect without verifying the server';
        if (defined('ROLESTACK_DB_CA') && ROLESTACK_DB_CA !== '') {
            list($host, $port) = array_pad(explode(':', $this->dbhost, 2), 2, '3306');
            $dbh = mysqli_init();
            $dbh->options(MYSQLI_OPT_CONNECT_TIMEOUT, 5);
            $dbh->options(MYSQLI_OPT_SSL_VERIFY_SERVER_CERT, true);
            $dbh->ssl_set(null, null, ROLESTACK_DB_CA, null, null);
            if (@$dbh->real_connect($host, $this->dbuser, $this->dbpassword, null, (int) $port, null, MYSQLI_CLIENT_SSL)) {
                $this->dbh = $dbh;
            } else {
                $error = $dbh->connect_error ?: 'could not connect';
            }
        }
        if (!$this->dbh) {
            error_log('wordpress: database ' . $this->dbhost . ' over TLS: ' . $error);
            if ($allow_bail) {
                wp_load_translations_early();
                $this->bail('<h1>' . __('Error establishing a database connection') . "</h1>\n<p>"
                    . htmlspecialchars($this->dbhost . ' (TLS, verified): ' . $error, ENT_QUOTES) . "</p>\n", 'db_connect_fail');
            }
            return false;
        }
        if (!$this->has_connected) {
            $this->init_charset();
        }
        $this->has_connected = true;
        $this->set_charset($this->dbh);
        $this->ready = true;
        $this->set_sql_mode();
        $this->select($this->dbname, $this->dbh);
        return true;
    }

    /** The cipher of this connection ('' when not encrypted), for the health page. */
    public function rolestack_cipher() {
        $row = $this->get_row("SHOW SESSION STATUS LIKE 'Ssl_cipher'", ARRAY_N);
        return is_array($row) ? (string) $row[1] : '';
    }
}

$wpdb = new Rolestack_Wpdb(DB_USER, DB_PASSWORD, DB_NAME, DB_HOST);
