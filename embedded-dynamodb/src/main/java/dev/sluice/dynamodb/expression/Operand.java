package dev.sluice.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dynamodb.AttributeValues;
import dev.sluice.dynamodb.DynamoException;
import java.math.BigDecimal;

/** A value-producing node of a condition or update expression; evaluates to an AttributeValue or null (absent). */
public interface Operand {
    JsonNode evaluate(ObjectNode item);

    /** A document path into the item. */
    record PathRef(Path path) implements Operand {
        @Override
        public JsonNode evaluate(ObjectNode item) {
            return DocumentPaths.get(item, path);
        }
    }

    /** An ExpressionAttributeValues placeholder, already resolved. */
    record Literal(String placeholder, JsonNode value) implements Operand {
        @Override
        public JsonNode evaluate(ObjectNode item) {
            return value;
        }
    }

    /** {@code size(path)}. */
    record Size(Path path) implements Operand {
        @Override
        public JsonNode evaluate(ObjectNode item) {
            Integer s = AttributeValues.sizeOf(DocumentPaths.get(item, path));
            return s == null ? null : AttributeValues.number(BigDecimal.valueOf(s));
        }
    }

    /** {@code if_not_exists(path, operand)} in a SET action. */
    record IfNotExists(Path path, Operand fallback) implements Operand {
        @Override
        public JsonNode evaluate(ObjectNode item) {
            JsonNode v = DocumentPaths.get(item, path);
            return v != null ? v : required(fallback, item);
        }
    }

    /** {@code list_append(a, b)} in a SET action. */
    record ListAppend(Operand first, Operand second) implements Operand {
        @Override
        public JsonNode evaluate(ObjectNode item) {
            JsonNode a = required(first, item);
            JsonNode b = required(second, item);
            if (!AttributeValues.type(a).equals("L") || !AttributeValues.type(b).equals("L")) {
                throw DynamoException.validation("An operand in the update expression has an incorrect data type");
            }
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            out.addAll((ArrayNode) AttributeValues.payload(a).deepCopy());
            out.addAll((ArrayNode) AttributeValues.payload(b).deepCopy());
            return JsonNodeFactory.instance.objectNode().set("L", out);
        }
    }

    /** {@code a + b} or {@code a - b} in a SET action. */
    record Arithmetic(Operand left, boolean plus, Operand right) implements Operand {
        @Override
        public JsonNode evaluate(ObjectNode item) {
            JsonNode a = required(left, item);
            JsonNode b = required(right, item);
            if (!AttributeValues.type(a).equals("N") || !AttributeValues.type(b).equals("N")) {
                throw DynamoException.validation("An operand in the update expression has an incorrect data type");
            }
            BigDecimal x = AttributeValues.numberValue(a);
            BigDecimal y = AttributeValues.numberValue(b);
            return AttributeValues.number(AttributeValues.checkNumber(plus ? x.add(y) : x.subtract(y)));
        }
    }

    /** Evaluates an operand of an update expression, which must exist. */
    static JsonNode required(Operand op, ObjectNode item) {
        JsonNode v = op.evaluate(item);
        if (v == null) {
            throw DynamoException.validation("The provided expression refers to an attribute that does not exist "
                    + "in the item");
        }
        return v;
    }
}
