package dev.sluice.workflow.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** Evaluates an ASL payload template (Parameters, ItemSelector, ResultSelector): `key.$` fields take paths or intrinsics. */
public final class PayloadTemplate {
    private PayloadTemplate() {
    }

    /** Checks every `.$` field of a template; returns an error message naming the field, or null when valid. */
    public static String validate(JsonNode template) {
        if (template.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().endsWith(".$")) {
                    if (!e.getValue().isTextual()) {
                        return "'" + e.getKey() + "' must be a string holding a path or an intrinsic function";
                    }
                    String v = e.getValue().asText();
                    if (IntrinsicCall.looksLikeCall(v)) {
                        try {
                            IntrinsicCall.parse(v);
                        } catch (IllegalArgumentException ex) {
                            return "'" + e.getKey() + "': " + ex.getMessage();
                        }
                    } else {
                        String err = JsonPaths.validatePath(v);
                        if (err != null) {
                            return "'" + e.getKey() + "': " + err;
                        }
                    }
                } else {
                    String err = validate(e.getValue());
                    if (err != null) {
                        return err;
                    }
                }
            }
        } else if (template.isArray()) {
            for (JsonNode n : template) {
                String err = validate(n);
                if (err != null) {
                    return err;
                }
            }
        }
        return null;
    }

    /** Builds the payload: static values copied, `.$` values resolved against the input or `$$` context object. */
    public static JsonNode apply(JsonNode template, JsonNode input, JsonNode context) {
        if (template.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                if (key.endsWith(".$")) {
                    out.set(key.substring(0, key.length() - 2), resolve(e.getValue().asText(), input, context));
                } else {
                    out.set(key, apply(e.getValue(), input, context));
                }
            }
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode n : template) {
                out.add(apply(n, input, context));
            }
            return out;
        }
        return template;
    }

    /** Resolves one `.$` value: an intrinsic function call or a JSONPath. */
    public static JsonNode resolve(String expr, JsonNode input, JsonNode context) {
        if (IntrinsicCall.looksLikeCall(expr)) {
            return Intrinsics.evaluate(expr, input, context);
        }
        return JsonPaths.read(expr, input, context);
    }
}
