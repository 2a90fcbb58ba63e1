package io.rolestack.role.catalog;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML node that knows its file and line, so every error about a role file
 * can say {@code roles/app/role.yaml:12: ...}. We walk snakeyaml's node tree
 * rather than binding to objects precisely to keep those marks.
 */
final class YamlValue {
    private final Node node;
    private final String source;

    private YamlValue(Node node, String source) {
        this.node = node;
        this.source = source;
    }

    static YamlValue parse(String text, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            Node root = new Yaml(options).compose(new StringReader(text));
            if (root == null) throw new CatalogException(source + ":1", "file is empty");
            return new YamlValue(root, source);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = m == null ? source : source + ":" + (m.getLine() + 1);
            throw new CatalogException(where, "not valid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new CatalogException(source, "not valid YAML: " + e.getMessage(), e);
        }
    }

    String where() {
        return source + ":" + (node.getStartMark().getLine() + 1);
    }

    CatalogException error(String message) {
        return new CatalogException(where(), message);
    }

    /** Entries of a mapping, in file order; keys outside {@code known} are an error (catches typos). */
    Map<String, YamlValue> map(Set<String> known) {
        if (!(node instanceof MappingNode m)) throw error("expected a mapping (key: value)");
        Map<String, YamlValue> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            YamlValue key = new YamlValue(t.getKeyNode(), source);
            String k = key.scalar("key");
            if (!known.isEmpty() && !known.contains(k)) {
                throw key.error("unknown key '" + k + "' (known: " + String.join(", ", sorted(known)) + ")");
            }
            out.put(k, new YamlValue(t.getValueNode(), source));
        }
        return out;
    }

    Map<String, YamlValue> map() {
        return map(Set.of());
    }

    boolean isList() {
        return node instanceof SequenceNode;
    }

    boolean isMap() {
        return node instanceof MappingNode;
    }

    List<YamlValue> list() {
        if (!(node instanceof SequenceNode s)) throw error("expected a list");
        List<YamlValue> out = new ArrayList<>();
        for (Node n : s.getValue()) out.add(new YamlValue(n, source));
        return out;
    }

    String scalar(String what) {
        if (!(node instanceof ScalarNode s)) throw error(what + " must be a single value, not a list or mapping");
        return s.getValue();
    }

    int integer(String what) {
        String v = scalar(what);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw error(what + " must be a whole number, got '" + v + "'");
        }
    }

    boolean bool(String what) {
        String v = scalar(what).trim();
        if (v.equals("true") || v.equals("yes")) return true;
        if (v.equals("false") || v.equals("no")) return false;
        throw error(what + " must be true or false, got '" + v + "'");
    }

    /** Plain Java value (String/List/Map) for template vars. */
    Object plain() {
        if (node instanceof ScalarNode s) return s.getValue();
        if (node instanceof SequenceNode) return list().stream().map(YamlValue::plain).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        map().forEach((k, v) -> out.put(k, v.plain()));
        return out;
    }

    private static List<String> sorted(Collection<String> c) {
        return c.stream().sorted().toList();
    }
}
