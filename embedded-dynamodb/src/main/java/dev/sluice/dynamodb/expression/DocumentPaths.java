package dev.sluice.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dynamodb.AttributeValues;
import dev.sluice.dynamodb.DynamoException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads, writes, removes and projects document paths in an item (a map of attribute name to AttributeValue). */
public final class DocumentPaths {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private DocumentPaths() {
    }

    /** The value at {@code path}, or null when any step is absent or of the wrong type. */
    public static JsonNode get(ObjectNode item, Path path) {
        if (item == null) {
            return null;
        }
        List<Object> el = path.elements();
        JsonNode cur = item.get((String) el.get(0));
        for (int i = 1; i < el.size() && cur != null; i++) {
            cur = child(cur, el.get(i));
        }
        return cur;
    }

    private static JsonNode child(JsonNode av, Object step) {
        String t = AttributeValues.type(av);
        if (step instanceof String name) {
            return t.equals("M") ? AttributeValues.payload(av).get(name) : null;
        }
        int idx = (Integer) step;
        if (!t.equals("L")) {
            return null;
        }
        JsonNode list = AttributeValues.payload(av);
        return idx < list.size() ? list.get(idx) : null;
    }

    /** Sets {@code path} to {@code value}; the parent must exist (a list index past the end appends). */
    public static void set(ObjectNode item, Path path, JsonNode value) {
        List<Object> el = path.elements();
        if (el.size() == 1) {
            item.set((String) el.get(0), value);
            return;
        }
        JsonNode parent = get(item, new Path(el.subList(0, el.size() - 1)));
        Object last = el.get(el.size() - 1);
        if (parent != null && last instanceof String name && AttributeValues.type(parent).equals("M")) {
            ((ObjectNode) AttributeValues.payload(parent)).set(name, value);
        } else if (parent != null && last instanceof Integer idx && AttributeValues.type(parent).equals("L")) {
            ArrayNode list = (ArrayNode) AttributeValues.payload(parent);
            if (idx < list.size()) {
                list.set(idx, value);
            } else {
                list.add(value);
            }
        } else {
            throw DynamoException.validation("The document path provided in the update expression is invalid for "
                    + "update");
        }
    }

    /** Removes {@code path}; an absent leaf is a no-op, an absent or mistyped parent is an error. */
    public static void remove(ObjectNode item, Path path) {
        List<Object> el = path.elements();
        if (el.size() == 1) {
            item.remove((String) el.get(0));
            return;
        }
        JsonNode parent = get(item, new Path(el.subList(0, el.size() - 1)));
        Object last = el.get(el.size() - 1);
        if (parent != null && last instanceof String name && AttributeValues.type(parent).equals("M")) {
            ((ObjectNode) AttributeValues.payload(parent)).remove(name);
        } else if (parent != null && last instanceof Integer idx && AttributeValues.type(parent).equals("L")) {
            ArrayNode list = (ArrayNode) AttributeValues.payload(parent);
            if (idx < list.size()) {
                list.remove((int) idx);
            }
        } else {
            throw DynamoException.validation("The document path provided in the update expression is invalid for "
                    + "update");
        }
    }

    /** A new item holding only the given paths that exist in {@code item} (lists keep selected elements in order). */
    public static ObjectNode project(ObjectNode item, List<Path> paths) {
        Node root = new Node();
        for (Path p : paths) {
            JsonNode v = get(item, p);
            if (v == null) {
                continue;
            }
            Node cur = root;
            for (Object step : p.elements()) {
                cur = step instanceof String s
                        ? cur.fields.computeIfAbsent(s, k -> new Node())
                        : cur.indexes.computeIfAbsent((Integer) step, k -> new Node());
            }
            cur.leaf = v;
        }
        ObjectNode out = F.objectNode();
        root.fields.forEach((k, n) -> out.set(k, n.render()));
        return out;
    }

    /** A tree of selected paths used to assemble a projection. */
    private static final class Node {
        final Map<String, Node> fields = new LinkedHashMap<>();
        final TreeMap<Integer, Node> indexes = new TreeMap<>();
        JsonNode leaf;

        JsonNode render() {
            if (leaf != null) {
                return leaf.deepCopy();
            }
            if (!fields.isEmpty()) {
                ObjectNode m = F.objectNode();
                fields.forEach((k, n) -> m.set(k, n.render()));
                return F.objectNode().set("M", m);
            }
            ArrayNode l = F.arrayNode();
            indexes.values().forEach(n -> l.add(n.render()));
            return F.objectNode().set("L", l);
        }
    }
}
