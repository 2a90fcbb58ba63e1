package io.rolestack.core.spec;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A YAML node that remembers where it was written, so every error about it
 * names {@code file:line:column}. Reading a mapping through {@link #fields}
 * refuses keys that are not allowed.
 */
public final class SpecNode {
    private final String file;
    private final Node node;
    private final String path;

    SpecNode(String file, Node node, String path) {
        this.file = file;
        this.node = node;
        this.path = path;
    }

    public String path() {
        return path;
    }

    public int line() {
        return node.getStartMark().getLine() + 1;
    }

    public int column() {
        return node.getStartMark().getColumn() + 1;
    }

    /** Where this node is, to report later problems found by those who use its value. */
    public SpecLocation where() {
        return new SpecLocation(file, line(), column(), path);
    }

    public SpecException error(String message) {
        return new SpecException(file, line(), column(), (path.isEmpty() ? "" : path + ": ") + message);
    }

    public boolean isNull() {
        return node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    public boolean isScalar() {
        return node instanceof ScalarNode && !isNull();
    }

    /** A YAML boolean ({@code true}, {@code false}, and YAML 1.1's {@code yes}/{@code no}...). */
    public boolean isBool() {
        return node instanceof ScalarNode s && s.getTag().getValue().endsWith(":bool");
    }

    public boolean isMapping() {
        return node instanceof MappingNode;
    }

    public boolean isSequence() {
        return node instanceof SequenceNode;
    }

    public String string() {
        if (!(node instanceof ScalarNode s) || isNull()) throw error("expected a string, found " + kind());
        return s.getValue();
    }

    public int integer() {
        if (node instanceof ScalarNode s && s.getTag().getValue().endsWith(":int")) {
            try {
                return Integer.parseInt(s.getValue());
            } catch (NumberFormatException e) {
                throw error("number out of range: " + s.getValue());
            }
        }
        throw error("expected an integer, found " + kind());
    }

    public boolean bool() {
        if (node instanceof ScalarNode s && s.getTag().getValue().endsWith(":bool")) {
            return Boolean.parseBoolean(s.getValue().toLowerCase());
        }
        throw error("expected true or false, found " + kind());
    }

    public List<SpecNode> list() {
        if (!(node instanceof SequenceNode seq)) throw error("expected a list, found " + kind());
        List<SpecNode> items = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            items.add(new SpecNode(file, seq.getValue().get(i), path + "[" + i + "]"));
        }
        return items;
    }

    /** The entries of a mapping, keys as written (a scalar key that is not a string is an error). */
    public Map<String, SpecNode> entries() {
        if (!(node instanceof MappingNode map)) throw error("expected a mapping (key: value), found " + kind());
        Map<String, SpecNode> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new SpecNode(file, t.getKeyNode(), path).error("keys must be plain names");
            }
            String child = path.isEmpty() ? k.getValue() : path + "." + k.getValue();
            SpecNode value = new SpecNode(file, t.getValueNode(), child);
            SpecNode first = out.put(k.getValue(), value);
            if (first != null) {
                throw new SpecNode(file, k, child).error("duplicate key '" + k.getValue() + "' (first at line " + first.line() + ")");
            }
        }
        return out;
    }

    /** Reads a mapping whose keys must all be in {@code allowed}; the first other key is an error at its line. */
    public Fields fields(Set<String> allowed) {
        if (!(node instanceof MappingNode map)) throw error("expected a mapping (key: value), found " + kind());
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && !allowed.contains(k.getValue())) {
                SpecNode key = new SpecNode(file, t.getKeyNode(), path.isEmpty() ? k.getValue() : path + "." + k.getValue());
                throw key.error("unknown key '" + k.getValue() + "' (allowed: " + String.join(", ", sorted(allowed)) + ")");
            }
        }
        return new Fields(this, entries());
    }

    /** The key node of {@code key} in this mapping, to point at a field as written ({@code health:}, not its value). */
    public Optional<SpecNode> keyOf(String key) {
        if (!(node instanceof MappingNode map)) return Optional.empty();
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return Optional.of(new SpecNode(file, k, path.isEmpty() ? key : path + "." + key));
            }
        }
        return Optional.empty();
    }

    /** Plain Java values (String, Integer, Boolean, List, Map) for settings passed on as they are. */
    public Object plain() {
        if (isNull()) return null;
        if (node instanceof ScalarNode s) {
            String tag = s.getTag().getValue();
            if (tag.endsWith(":int")) return integer();
            if (tag.endsWith(":bool")) return bool();
            return s.getValue();
        }
        if (isSequence()) return list().stream().map(SpecNode::plain).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        entries().forEach((k, v) -> m.put(k, v.plain()));
        return m;
    }

    private String kind() {
        if (isNull()) return "nothing";
        if (node instanceof ScalarNode s) {
            String v = s.getValue().replaceAll("\\s+", " ");
            return "'" + (v.length() > 60 ? v.substring(0, 60) + "…" : v) + "'";
        }
        if (node instanceof SequenceNode) return "a list";
        return "a mapping";
    }

    private static List<String> sorted(Collection<String> c) {
        return c.stream().sorted().toList();
    }

    /** The keys of one mapping, read by name. */
    public static final class Fields {
        private final SpecNode owner;
        private final Map<String, SpecNode> entries;

        Fields(SpecNode owner, Map<String, SpecNode> entries) {
            this.owner = owner;
            this.entries = entries;
        }

        public Optional<SpecNode> optional(String key) {
            SpecNode n = entries.get(key);
            return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
        }

        public SpecNode required(String key) {
            return optional(key).orElseThrow(() -> owner.error("missing required key '" + key + "'"));
        }

        public String string(String key, String fallback) {
            return optional(key).map(SpecNode::string).orElse(fallback);
        }

        public int integer(String key, int fallback) {
            return optional(key).map(SpecNode::integer).orElse(fallback);
        }

        public boolean bool(String key, boolean fallback) {
            return optional(key).map(SpecNode::bool).orElse(fallback);
        }

        public Set<String> keys() {
            return entries.keySet();
        }
    }
}
