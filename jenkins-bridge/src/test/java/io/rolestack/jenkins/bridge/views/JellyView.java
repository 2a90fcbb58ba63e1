package io.rolestack.jenkins.bridge.views;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Jelly view read as XML (so a view that is not well-formed fails here, not first in Jenkins):
 * its form fields (every element's {@code field} attribute) with the control of each
 * ({@code f:checkbox}, {@code c:select} ...), and the pages it includes with {@code st:include}.
 *
 * @param file     the .jelly file
 * @param fields   field -> control, as {@code namespace-uri:local-name} of the f:entry's first child element
 *                 (or of the element carrying the field itself when it is not an f:entry)
 * @param includes the {@code st:include} elements' {@code page} -> {@code class} attributes
 */
record JellyView(Path file, Map<String, String> fields, Map<String, String> includes) {
    static final String FORM = "/lib/form";
    static final String CREDENTIALS = "/lib/credentials";
    static final String STAPLER = "jelly:stapler";

    static JellyView read(Path file) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = f.newDocumentBuilder().parse(file.toFile());
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new AssertionError(file + " is not well-formed XML: " + e.getMessage(), e);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> includes = new LinkedHashMap<>();
        for (Element e : elements(doc.getDocumentElement().getElementsByTagName("*"))) {
            if (e.hasAttribute("field")) {
                String field = e.getAttribute("field");
                if (fields.containsKey(field)) throw new AssertionError(file + ": field '" + field + "' twice");
                fields.put(field, control(e));
            }
            if (STAPLER.equals(e.getNamespaceURI()) && "include".equals(e.getLocalName())) {
                includes.put(e.getAttribute("page"), e.getAttribute("class"));
            }
        }
        return new JellyView(file, fields, includes);
    }

    /** An f:entry's control is its first child element; a control carrying the field itself is its own. */
    private static String control(Element e) {
        if (FORM.equals(e.getNamespaceURI()) && "entry".equals(e.getLocalName())) {
            List<Element> children = elements(e.getChildNodes());
            return children.isEmpty() ? "(none)" : name(children.get(0));
        }
        return name(e);
    }

    private static String name(Element e) {
        return e.getNamespaceURI() + ":" + e.getLocalName();
    }

    private static List<Element> elements(NodeList nodes) {
        List<Element> r = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e) r.add(e);
        }
        return r;
    }
}
