package io.rolestack.platform.backup;

import io.rolestack.backup.search.SnapshotVerification;
import io.rolestack.backup.search.StoredSnapshot;
import io.rolestack.core.files.AtomicFile;
import io.rolestack.health.junit.JUnitSuite;
import io.rolestack.mariadb.backup.BackupMetadata;
import io.rolestack.mariadb.backup.StoredBackup;
import io.rolestack.mariadb.backup.Verification;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import static io.rolestack.health.junit.JUnitSuite.clean;

/**
 * A backup or search snapshot report as JUnit XML, for Jenkins' {@code junit} step: one testcase per backup
 * ({@code classname rolestack.backup.db}, name = its id) or snapshot ({@code rolestack.backup.search}) in the
 * report; one that is not valid — its restore test failed, never ran, or its record is unreadable — is a
 * {@code <failure>} saying why, so a night whose backup is worthless turns the build's tests red. An operation that
 * failed before it had a backup to show (the node unreachable, the stream broken) is one failed testcase named
 * after the operation.
 */
public final class BackupJUnitReport {
    public static final String SUITE = "rolestack.backup";

    private BackupJUnitReport() {
    }

    /** One testcase: {@code problem} null when valid; {@code out} what the backup is. */
    private record Case(String classname, String name, Duration time, String problem, String out) {
    }

    /** Written atomically: Jenkins sees the previous report or this one. */
    public static void write(BackupReport report, Path file) {
        AtomicFile.write(file, xml(report), AtomicFile.PUBLIC);
    }

    public static void write(SearchBackupReport report, Path file) {
        AtomicFile.write(file, xml(report), AtomicFile.PUBLIC);
    }

    public static String xml(BackupReport r) {
        return xml(r, UnaryOperator.identity());
    }

    /** {@code mask} is applied to every text before it is escaped: a secret is found as it is, not as XML spells it. */
    public static String xml(BackupReport r, UnaryOperator<String> mask) {
        List<Case> cases = new ArrayList<>();
        for (StoredBackup b : r.backups()) cases.add(db(b));
        if (cases.isEmpty() && !r.ok()) cases.add(new Case(SUITE + ".db", "backup " + r.operation(), Duration.ZERO, r.message(), ""));
        return xml(cases, mask);
    }

    public static String xml(SearchBackupReport r) {
        return xml(r, UnaryOperator.identity());
    }

    public static String xml(SearchBackupReport r, UnaryOperator<String> mask) {
        List<Case> cases = new ArrayList<>();
        for (StoredSnapshot s : r.snapshots()) cases.add(search(s, r.node(), r.repository()));
        if (cases.isEmpty() && !r.ok()) {
            cases.add(new Case(SUITE + ".search", "backup search " + r.operation(), Duration.ZERO, r.message(), r.node() + " " + r.repository()));
        }
        return xml(cases, mask);
    }

    private static Case db(StoredBackup b) {
        BackupMetadata md = b.metadata();
        if (md == null) return new Case(SUITE + ".db", b.id(), Duration.ZERO, "unreadable: " + b.problem(), b.dir().toString());
        String out = "server " + md.server() + (md.fromReplica() ? " (replica)" : " (primary)") + ", GTID " + md.gtid() + ", "
                + md.storedBytes() + " bytes stored, sha256 " + md.sha256();
        Duration took = md.lastVerification().map(Verification::took).orElse(Duration.ZERO);
        String problem = md.valid() ? null : md.lastVerification().map(v -> "restore test failed: " + v.message())
                .orElse("never restore-tested: a backup counts only once its restore test passed");
        return new Case(SUITE + ".db", b.id(), took, problem, out);
    }

    private static Case search(StoredSnapshot s, String node, String repository) {
        String out = node + " " + repository + ": " + s.info().state() + ", indices " + String.join(",", s.info().indices());
        if (s.problem() != null) return new Case(SUITE + ".search", s.name(), Duration.ZERO, "record unreadable: " + s.problem(), out);
        Duration took = s.lastVerification().map(SnapshotVerification::took).orElse(Duration.ZERO);
        String problem = s.valid() ? null : !s.info().succeeded() ? "snapshot " + s.info().state() + ", not SUCCESS"
                : s.lastVerification().map(v -> "restore test failed: " + v.message())
                .orElse("never restore-tested: a snapshot counts only once its restore test passed");
        return new Case(SUITE + ".search", s.name(), took, problem, out);
    }

    private static String xml(List<Case> cases, UnaryOperator<String> mask) {
        long failures = cases.stream().filter(c -> c.problem() != null).count();
        return JUnitSuite.xml("backup", SUITE, cases.size(), failures, 0, w -> {
            for (Case c : cases) testcase(w, c, mask);
        });
    }

    private static void testcase(XMLStreamWriter w, Case c, UnaryOperator<String> mask) throws XMLStreamException {
        w.writeCharacters("  ");
        w.writeStartElement("testcase");
        w.writeAttribute("classname", clean(mask.apply(c.classname())));
        w.writeAttribute("name", clean(mask.apply(c.name())));
        w.writeAttribute("time", String.format(Locale.ROOT, "%.3f", c.time().toMillis() / 1000.0));
        if (c.problem() != null) {
            w.writeStartElement("failure");
            w.writeAttribute("message", clean(mask.apply(c.problem())));
            w.writeAttribute("type", "not valid");
            w.writeCharacters(clean(mask.apply(c.name() + ": " + c.problem())));
            w.writeEndElement();
        }
        if (!c.out().isEmpty()) {
            w.writeStartElement("system-out");
            w.writeCharacters(clean(mask.apply(c.out())));
            w.writeEndElement();
        }
        w.writeEndElement();
        w.writeCharacters("\n");
    }
}
