package dev.sluice.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.dynamodb.AttributeValues;
import dev.sluice.dynamodb.DynamoException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request; resolves placeholders and, like DynamoDB,
 * rejects placeholders that are undefined or never used.
 */
public final class ExpressionContext {
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, JsonNode> values = new LinkedHashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();

    public ExpressionContext(JsonNode namesNode, JsonNode valuesNode) {
        if (namesNode != null && !namesNode.isNull()) {
            if (namesNode.isEmpty()) {
                throw DynamoException.validation("ExpressionAttributeNames must not be empty");
            }
            namesNode.fields().forEachRemaining(e -> names.put(e.getKey(), e.getValue().asText()));
        }
        if (valuesNode != null && !valuesNode.isNull()) {
            if (valuesNode.isEmpty()) {
                throw DynamoException.validation("ExpressionAttributeValues must not be empty");
            }
            valuesNode.fields().forEachRemaining(e -> values.put(e.getKey(), AttributeValues.validate(e.getValue())));
        }
    }

    public String name(String placeholder) {
        String n = names.get(placeholder);
        if (n == null) {
            throw DynamoException.validation("An expression attribute name used in the document path is not defined; "
                    + "attribute name: " + placeholder);
        }
        usedNames.add(placeholder);
        return n;
    }

    public JsonNode value(String placeholder) {
        JsonNode v = values.get(placeholder);
        if (v == null) {
            throw DynamoException.validation("An expression attribute value used in expression is not defined; "
                    + "attribute value: " + placeholder);
        }
        usedValues.add(placeholder);
        return v;
    }

    /** Fails, as DynamoDB does, when a supplied placeholder was not used by any expression of the request. */
    public void requireAllUsed() {
        Set<String> unusedNames = new TreeSet<>(names.keySet());
        unusedNames.removeAll(usedNames);
        if (!unusedNames.isEmpty()) {
            throw DynamoException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        Set<String> unusedValues = new TreeSet<>(values.keySet());
        unusedValues.removeAll(usedValues);
        if (!unusedValues.isEmpty()) {
            throw DynamoException.validation("Value provided in ExpressionAttributeValues unused in expressions: "
                    + "keys: {" + String.join(", ", unusedValues) + "}");
        }
    }
}
