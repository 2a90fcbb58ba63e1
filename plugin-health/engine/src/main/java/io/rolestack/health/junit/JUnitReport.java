package io.rolestack.health.junit;

import io.rolestack.core.files.AtomicFile;
import io.rolestack.health.CheckResult;
import io.rolestack.health.CheckStatus;
import io.rolestack.health.HealthReport;
import io.rolestack.health.HostHealth;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.nio.file.Path;

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
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuite");
            w.writeAttribute("name", SUITE);
            w.writeAttribute("tests", String.valueOf(report.hosts().stream().mapToInt(h -> h.checks().size()).sum()));
            w.writeAttribute("failures", String.valueOf(report.count(CheckStatus.FAILED)));
            w.writeAttribute("errors", "0");
            w.writeAttribute("skipped", "0");
            w.writeCharacters("\n");
            for (HostHealth h : report.hosts()) {
                for (CheckResult c : h.checks()) testcase(w, h, c);
            }
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the health report as XML: " + e.getMessage(), e);
        }
        return out.toString();
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

    /** XML 1.0 cannot carry most control characters, not even escaped: a host's odd output must not break the file. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            b.appendCodePoint(allowed ? cp : '?');
        });
        return b.toString();
    }
}
