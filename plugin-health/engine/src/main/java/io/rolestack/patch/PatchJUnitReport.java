package io.rolestack.patch;

import io.rolestack.core.files.AtomicFile;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A patch report as JUnit XML, for Jenkins' {@code junit} step: one testcase
 * per host ({@code classname rolestack.patch.<role>}, name = short name, time =
 * its duration); an unhealthy or failed host is a {@code <failure>}, a host the
 * roll did not reach is {@code <skipped>} with why; the upgrades, restarts,
 * reboot and health before/after go to {@code <system-out>}.
 */
public final class PatchJUnitReport {
    public static final String SUITE = "rolestack.patch";

    private PatchJUnitReport() {
    }

    /** Written atomically: Jenkins sees the previous report or this one. */
    public static void write(PatchReport report, Path file) {
        AtomicFile.write(file, xml(report), AtomicFile.PUBLIC);
    }

    public static String xml(PatchReport report) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuite");
            w.writeAttribute("name", SUITE);
            w.writeAttribute("tests", String.valueOf(report.hosts().size()));
            w.writeAttribute("failures", String.valueOf(count(report, HostPatch.Outcome.UNHEALTHY) + count(report, HostPatch.Outcome.FAILED)));
            w.writeAttribute("errors", "0");
            w.writeAttribute("skipped", String.valueOf(count(report, HostPatch.Outcome.NOT_STARTED)));
            w.writeCharacters("\n");
            for (HostPatch h : report.hosts()) testcase(w, h);
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the patch report as XML: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static long count(PatchReport r, HostPatch.Outcome o) {
        return r.hosts().stream().filter(h -> h.outcome() == o).count();
    }

    private static void testcase(XMLStreamWriter w, HostPatch h) throws XMLStreamException {
        w.writeCharacters("  ");
        w.writeStartElement("testcase");
        w.writeAttribute("classname", SUITE + "." + clean(h.role()));
        w.writeAttribute("name", clean(h.shortName()));
        w.writeAttribute("time", String.format(Locale.ROOT, "%.3f", h.took().toMillis() / 1000.0));
        if (h.outcome() == HostPatch.Outcome.NOT_STARTED) {
            w.writeEmptyElement("skipped");
            w.writeAttribute("message", clean(h.message()));
        } else if (h.outcome().bad()) {
            w.writeStartElement("failure");
            w.writeAttribute("message", clean(h.outcome().label() + ": " + h.message()));
            w.writeAttribute("type", h.outcome().name().toLowerCase(Locale.ROOT));
            w.writeCharacters(clean(h.host() + ": " + h.message()));
            w.writeEndElement();
        }
        w.writeStartElement("system-out");
        w.writeCharacters(clean(summary(h)));
        w.writeEndElement();
        w.writeEndElement();
        w.writeCharacters("\n");
    }

    static String summary(HostPatch h) {
        return h.outcome().label() + "\nupgrades: " + (h.upgrades().isEmpty() ? "none" : String.join(", ", h.upgrades().stream().map(PackageUpgrade::toString).toList()))
                + "\nrestarted: " + (h.restarted().isEmpty() ? "none" : String.join(", ", h.restarted()))
                + "\nrebooted: " + (h.reboot() ? "yes" : "no")
                + "\nhealth before: " + HostPatch.describe(h.before())
                + "\nhealth after: " + HostPatch.describe(h.after())
                + (h.message().isEmpty() ? "" : "\n" + h.message());
    }

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
