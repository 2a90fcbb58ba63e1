<?php
// MediaWiki's install without the web installer or its LocalSettings.php (docs/mediawiki.md): run by
// `rolestack app setup` through ../rolestack-setup on one app host, as www-data, in the current release, with
// the release's own LocalSettings.php, so every connection is the app's account over CA-verified TLS.
// (MediaWiki 1.39's installer opens its own connections with `ssl` but no CA: encrypted, not verified.)
//
//   --step=tables   the schema (maintenance/tables-generated.sql) when the wiki has none; prints
//                   "created" or "present". Then rolestack-setup runs maintenance/update.php.
//   --step=admin    the admin account (password on stdin, never in argv or the environment) and the
//                   main page, each when missing; prints the outcome. Idempotent.
//
// Outside the document root (htdocs): never served.
use MediaWiki\MediaWikiServices;
use MediaWiki\Revision\SlotRecord;

if (PHP_SAPI !== 'cli') {
    exit(1);
}
require_once dirname(__DIR__) . '/htdocs/maintenance/Maintenance.php';

class RolestackInstall extends Maintenance {
    public function __construct() {
        parent::__construct();
        $this->addDescription("Rolestack's MediaWiki install (tables, admin account, main page)");
        $this->addOption('step', 'tables or admin', true, true);
        $this->addOption('user', 'the admin account (step admin)', false, true);
        $this->addOption('hostname', "the wiki's host name (step admin, for the message)", false, true);
        $this->addOption('created', 'the tables step said "created" (step admin)');
    }

    public function getDbType() {
        return Maintenance::DB_ADMIN;
    }

    public function execute() {
        switch ($this->getOption('step')) {
            case 'tables':
                $this->tables();
                return;
            case 'admin':
                $this->admin();
                return;
            default:
                $this->fatalError('install.php: --step is tables or admin, not ' . $this->getOption('step'), 2);
        }
    }

    private function tables() {
        $dbw = $this->getDB(DB_PRIMARY);
        // `archive`, as MediaWiki's own installer decides whether its tables exist.
        if ($dbw->tableExists('archive', __METHOD__)) {
            $this->output("present\n");
            return;
        }
        foreach (['tables-generated.sql', 'tables.sql'] as $file) {
            $error = $dbw->sourceFile(MW_INSTALL_PATH . "/maintenance/$file");
            if ($error !== true) {
                $this->fatalError("install.php: maintenance/$file: $error");
            }
        }
        $this->output("created\n");
    }

    private function admin() {
        $name = (string) $this->getOption('user', '');
        $hostname = (string) $this->getOption('hostname', '');
        if ($name === '' || $hostname === '') {
            $this->fatalError('install.php: --user and --hostname are required with --step=admin', 2);
        }
        $password = rtrim((string) stream_get_contents(STDIN), "\r\n");
        if (strlen($password) < 12) {
            $this->fatalError('install.php: expected the admin password (12 characters or more) on stdin', 2);
        }
        $services = MediaWikiServices::getInstance();
        $user = $services->getUserFactory()->newFromName($name);
        if (!is_object($user)) {
            $this->fatalError("install.php: '$name' is not a valid user name", 2);
        }
        $made = $this->hasOption('created');
        if ($user->idForName() === 0) {
            // MediaWiki's own script; the password goes to it as a PHP value, never through argv.
            $child = $this->runChild(CreateAndPromote::class, MW_INSTALL_PATH . '/maintenance/createAndPromote.php');
            $child->loadParamsAndArgs(null, ['sysop' => 1, 'bureaucrat' => 1, 'quiet' => 1], [$name, $password]);
            $child->execute();
            $made = true;
        }
        $title = Title::newMainPage();
        if (!$title->exists()) {
            $page = $services->getWikiPageFactory()->newFromTitle($title);
            $updater = $page->newPageUpdater(User::newSystemUser('MediaWiki default', ['steal' => true]));
            // Our own text: the installer's (mainpagetext) is a message of the installer only.
            $updater->setContent(SlotRecord::MAIN, new WikitextContent(
                "<strong>MediaWiki has been installed.</strong>\n\n"
                . "Deployed by rolestack from its git repository; see the [https://www.mediawiki.org/wiki/Help:Contents User's Guide]."));
            $updater->saveRevision(CommentStoreComment::newUnsavedComment('Made by rolestack app setup'), EDIT_NEW);
            if (!$updater->wasSuccessful()) {
                $this->fatalError('install.php: the main page: ' . $updater->getStatus()->getWikiText(false, false, 'en'));
            }
            $made = true;
        }
        $url = "http://$hostname";
        $this->output($made ? "installed: $url (admin user $name)\n" : "already installed: $url\n");
    }
}

$maintClass = RolestackInstall::class;
require_once RUN_MAINTENANCE_IF_MAIN;
