package io.rolestack.health.junit;

import io.rolestack.core.files.AtomicFile;
import io.rolestack.health.CheckResult;
import io.rolestack.health.CheckStatus;
import io.rolestack.health.HealthReport;
import io.rolestack.health.HostHealth;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.nio.file.Path;

import static io.rolestack.health.junit.JUnitSuite.clean;

/**
 * A health report as JUnit XML, for Jenkins' {@code junit} step: one testcase
 * per host and check, classname {@code rolestack.health.<host>} (short name),
 * a {@code <failure message="expected …, saw …">} for each failed check;
 * information checks pass and carry what was seen in {@code <system-out>}.
 */
public final class JUnitReport {
    public static final String SUITE = "rolestack.health";

    private JUnitReport() {
    }

    /** Writes the XML atomically: a reader (Jenkins) sees the previous report or this one, never half. */
    public static void write(HealthReport report, Path file) {
        AtomicFile.write(file, xml(report), AtomicFile.PUBLIC);
    }

    public static String xml(HealthReport report) {
        return JUnitSuite.xml("health", SUITE, report.hosts().stream().mapToInt(h -> h.checks().size()).sum(),
                report.count(CheckStatus.FAILED), 0, w -> {
                    for (HostHealth h : report.hosts()) {
                        for (CheckResult c : h.checks()) testcase(w, h, c);
                    }
                });
    }

    private static void testcase(XMLStreamWriter w, HostHealth h, CheckResult c) throws XMLStreamException {
        w.writeCharacters("  ");
        w.writeStartElement("testcase");
        w.writeAttribute("classname", SUITE + "." + clean(h.shortName()));
        w.writeAttribute("name", clean(c.name()));
        w.writeAttribute("time", "0");
        if (c.failed()) {
            w.writeStartElement("failure");
            w.writeAttribute("message", clean(c.message()));
            w.writeAttribute("type", "unhealthy");
            w.writeCharacters(clean(h.host() + ": " + c.name() + ": " + c.message()));
            w.writeEndElement();
        } else {
            w.writeStartElement("system-out");
            w.writeCharacters(clean(c.status().label() + ": " + c.seen()));
            w.writeEndElement();
        }
        w.writeEndElement();
        w.writeCharacters("\n");
    }
}
