package dev.sluice.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dynamodb.AttributeValues;
import dev.sluice.dynamodb.DynamoException;
import dev.sluice.dynamodb.expression.Condition;
import dev.sluice.dynamodb.expression.ConditionExpressionParser;
import dev.sluice.dynamodb.expression.ExpressionContext;
import dev.sluice.dynamodb.expression.Path;
import dev.sluice.dynamodb.expression.ProjectionExpressionParser;
import java.util.List;
import java.util.Set;

/** Reading and checking request parameters shared by the operation families. */
final class Requests {
    static final long MAX_ITEM_SIZE = 400 * 1024;

    private Requests() {
    }

    static String requireString(JsonNode req, String field) {
        JsonNode v = req.get(field);
        if (v == null || v.isNull() || !v.isTextual()) {
            throw DynamoException.validation("1 validation error detected: Value null at '" + lowerFirst(field)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v.asText();
    }

    static String optString(JsonNode req, String field) {
        JsonNode v = req.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static String optEnum(JsonNode req, String field, String dflt, Set<String> allowed) {
        String v = optString(req, field);
        if (v == null) {
            return dflt;
        }
        if (!allowed.contains(v)) {
            throw DynamoException.validation("1 validation error detected: Value '" + v + "' at '"
                    + lowerFirst(field) + "' failed to satisfy constraint: Member must satisfy enum value set: "
                    + allowed);
        }
        return v;
    }

    /** Rejects pre-expression (legacy) parameters instead of silently ignoring them. */
    static void rejectLegacy(JsonNode req, String... fields) {
        for (String f : fields) {
            if (req.has(f) && !req.get(f).isNull()) {
                throw DynamoException.validation("The legacy parameter " + f + " is not supported by the Sluice "
                        + "embedded DynamoDB; use the expression form instead (e.g. ConditionExpression, "
                        + "ProjectionExpression, KeyConditionExpression, FilterExpression, UpdateExpression)");
            }
        }
    }

    static ExpressionContext context(JsonNode req) {
        return new ExpressionContext(req.get("ExpressionAttributeNames"), req.get("ExpressionAttributeValues"));
    }

    static Condition condition(JsonNode req, String field, ExpressionContext ctx) {
        String text = optString(req, field);
        return text == null ? null : ConditionExpressionParser.parse(field, text, ctx);
    }

    static List<Path> projection(JsonNode req, ExpressionContext ctx) {
        String text = optString(req, "ProjectionExpression");
        return text == null ? null : ProjectionExpressionParser.parse(text, ctx);
    }

    static void checkItemSize(ObjectNode item, boolean update) {
        if (AttributeValues.itemSize(item) > MAX_ITEM_SIZE) {
            throw DynamoException.validation(update ? "Item size to update has exceeded the maximum allowed size"
                    : "Item size has exceeded the maximum allowed size");
        }
    }

    static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
