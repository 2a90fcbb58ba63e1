package io.rolestack.health.junit;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;

/**
 * The JUnit XML document every report of ours is written as ({@link JUnitReport}
 * for health, {@code PatchJUnitReport} for patching): one {@code <testsuite>}
 * with its counts around the testcases the report writes.
 */
public final class JUnitSuite {
    private JUnitSuite() {
    }

    /** Writes the testcases of one suite into an open {@code <testsuite>}. */
    @FunctionalInterface
    public interface Cases {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    /**
     * @param what for the error message: {@code health}, {@code patch}
     * @param name the suite's name ({@code rolestack.health})
     */
    public static String xml(String what, String name, long tests, long failures, long skipped, Cases cases) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuite");
            w.writeAttribute("name", name);
            w.writeAttribute("tests", String.valueOf(tests));
            w.writeAttribute("failures", String.valueOf(failures));
            w.writeAttribute("errors", "0");
            w.writeAttribute("skipped", String.valueOf(skipped));
            w.writeCharacters("\n");
            cases.write(w);
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the " + what + " report as XML: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /** XML 1.0 cannot carry most control characters, not even escaped: a host's odd output must not break the file. */
    public static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            b.appendCodePoint(allowed ? cp : '?');
        });
        return b.toString();
    }
}
