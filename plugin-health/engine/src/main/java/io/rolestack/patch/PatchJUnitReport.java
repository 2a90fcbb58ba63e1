package io.rolestack.patch;

import io.rolestack.core.files.AtomicFile;
import io.rolestack.health.junit.JUnitSuite;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.nio.file.Path;
import java.util.Locale;

import static io.rolestack.health.junit.JUnitSuite.clean;

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
        return JUnitSuite.xml("patch", SUITE, report.hosts().size(),
                count(report, HostPatch.Outcome.UNHEALTHY) + count(report, HostPatch.Outcome.FAILED),
                count(report, HostPatch.Outcome.NOT_STARTED), w -> {
                    for (HostPatch h : report.hosts()) testcase(w, h);
                });
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
}
