package dev.sluice.workflow.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.sluice.workflow.engine.StatesError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reads JSONPath expressions (input paths, `$$` context paths) and applies ASL reference paths for ResultPath. */
public final class JsonPaths {
    private static final Configuration CONF = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .build();
    private static final Map<String, JsonPath> CACHE = new ConcurrentHashMap<>();

    private JsonPaths() {
    }

    /** Validates a JSONPath (`$...` or `$$...`); returns an error message or null when it is valid. */
    public static String validatePath(String path) {
        if (path == null || !path.startsWith("$")) {
            return "'" + path + "' is not a JSONPath (it must start with '$')";
        }
        try {
            compile(path.startsWith("$$") ? path.substring(1) : path);
            return null;
        } catch (InvalidPathException e) {
            return "'" + path + "' is not a valid JSONPath: " + e.getMessage();
        }
    }

    /** Validates a reference path (only `.name`, `['name']` and `[n]` steps, as ResultPath requires). */
    public static String validateReferencePath(String path) {
        try {
            parseReference(path);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static JsonPath compile(String path) {
        return CACHE.computeIfAbsent(path, JsonPath::compile);
    }

    /**
     * Reads a path against the state input, or against the context object when it starts with `$$`.
     * A definite path that does not exist raises States.Runtime, as AWS does.
     */
    public static JsonNode read(String path, JsonNode input, JsonNode context) {
        boolean ctx = path.startsWith("$$");
        String p = ctx ? path.substring(1) : path;
        JsonNode doc = ctx ? context : input;
        if ("$".equals(p)) {
            return doc;
        }
        try {
            Object result = compile(p).read(doc, CONF);
            if (result == null) {
                return JsonNodeFactory.instance.nullNode();
            }
            return (JsonNode) result;
        } catch (PathNotFoundException e) {
            throw new StatesError(StatesError.RUNTIME,
                    "Invalid path '" + path + "': The path does not exist in the " + (ctx ? "context object" : "input")
                            + " " + abbreviate(doc));
        } catch (InvalidPathException e) {
            throw new StatesError(StatesError.RUNTIME, "Invalid path '" + path + "': " + e.getMessage());
        }
    }

    /** Whether the path resolves to something (used by the Choice IsPresent test). */
    public static boolean isPresent(String path, JsonNode input, JsonNode context) {
        try {
            JsonNode n = read(path, input, context);
            return !(n.isArray() && n.isEmpty() && !compile(path.startsWith("$$") ? path.substring(1) : path).isDefinite());
        } catch (StatesError e) {
            return false;
        }
    }

    /**
     * Applies ResultPath: null discards the result, "$" replaces the input, anything else writes the result into a
     * copy of the input at that reference path, creating missing objects on the way.
     */
    public static JsonNode applyResultPath(String resultPath, JsonNode input, JsonNode result) {
        if (resultPath == null) {
            return input;
        }
        List<Object> steps = parseReference(resultPath);
        if (steps.isEmpty()) {
            return result;
        }
        JsonNode root = input == null || input.isNull() || input.isMissingNode() ? JsonNodeFactory.instance.objectNode() : input.deepCopy();
        if (!root.isContainerNode()) {
            throw new StatesError(StatesError.RESULT_PATH_MATCH_FAILURE, "Unable to apply ResultPath '" + resultPath
                    + "' to input " + abbreviate(input) + ": the input is not a JSON object");
        }
        JsonNode cur = root;
        for (int i = 0; i < steps.size(); i++) {
            Object step = steps.get(i);
            boolean last = i == steps.size() - 1;
            if (step instanceof String field) {
                if (!cur.isObject()) {
                    throw new StatesError(StatesError.RESULT_PATH_MATCH_FAILURE, "Unable to apply ResultPath '" + resultPath
                            + "': '" + field + "' is not inside a JSON object");
                }
                ObjectNode obj = (ObjectNode) cur;
                if (last) {
                    obj.set(field, result);
                } else {
                    JsonNode next = obj.get(field);
                    if (next == null || next.isNull()) {
                        next = obj.putObject(field);
                    }
                    cur = next;
                }
            } else {
                int idx = (Integer) step;
                if (!cur.isArray() || idx >= cur.size()) {
                    throw new StatesError(StatesError.RESULT_PATH_MATCH_FAILURE, "Unable to apply ResultPath '" + resultPath
                            + "': index " + idx + " is not inside a JSON array");
                }
                ArrayNode arr = (ArrayNode) cur;
                if (last) {
                    arr.set(idx, result);
                } else {
                    cur = arr.get(idx);
                }
            }
        }
        return root;
    }

    /** Parses `$.a.b['c'][0]` into field names and indexes; throws IllegalArgumentException naming the problem. */
    static List<Object> parseReference(String path) {
        if (path == null || !path.startsWith("$") || path.startsWith("$$")) {
            throw new IllegalArgumentException("'" + path + "' is not a reference path (it must start with '$')");
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        int n = path.length();
        while (i < n) {
            char c = path.charAt(i);
            if (c == '.') {
                int j = i + 1;
                while (j < n && path.charAt(j) != '.' && path.charAt(j) != '[') {
                    j++;
                }
                String name = path.substring(i + 1, j);
                if (name.isEmpty() || name.contains("*") || name.contains("@")) {
                    throw new IllegalArgumentException("'" + path + "' is not a reference path: bad step at offset " + i);
                }
                steps.add(name);
                i = j;
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("'" + path + "' is not a reference path: unclosed '['");
                }
                String inner = path.substring(i + 1, close).trim();
                if ((inner.startsWith("'") && inner.endsWith("'") || inner.startsWith("\"") && inner.endsWith("\""))
                        && inner.length() >= 2) {
                    steps.add(inner.substring(1, inner.length() - 1));
                } else if (inner.matches("\\d+")) {
                    steps.add(Integer.parseInt(inner));
                } else {
                    throw new IllegalArgumentException("'" + path + "' is not a reference path: '[" + inner
                            + "]' is not a field name or index (no wildcards, filters or slices)");
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("'" + path + "' is not a reference path: unexpected '" + c + "'");
            }
        }
        return steps;
    }

    static String abbreviate(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
