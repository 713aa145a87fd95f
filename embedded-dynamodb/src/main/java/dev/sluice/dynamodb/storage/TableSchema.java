package dev.sluice.dynamodb.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dynamodb.AttributeValues;
import dev.sluice.dynamodb.DynamoException;
import java.util.Base64;

/** A table's name, primary key (hash and optional range attribute with scalar types) and creation metadata. */
public record TableSchema(String name, String hashKey, String hashType, String rangeKey, String rangeType,
                          String billingMode, long creationEpochMillis, String tableId) {

    public boolean hasRange() {
        return rangeKey != null;
    }

    public boolean isKeyAttribute(String attribute) {
        return attribute.equals(hashKey) || attribute.equals(rangeKey);
    }

    /** Extracts and checks the primary key of a full item (PutItem). */
    public ObjectNode keyOfItem(ObjectNode item) {
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        key.set(hashKey, checkKeyValue(hashKey, hashType, item.get(hashKey), true));
        if (hasRange()) {
            key.set(rangeKey, checkKeyValue(rangeKey, rangeType, item.get(rangeKey), true));
        }
        return key;
    }

    /** Checks a Key parameter: exactly the key attributes, with matching types. */
    public ObjectNode checkKey(JsonNode keyNode) {
        if (keyNode == null || !keyNode.isObject()) {
            throw DynamoException.validation("One or more parameter values were invalid: Key is missing");
        }
        ObjectNode key = AttributeValues.validateItem(keyNode, "Key");
        int expected = hasRange() ? 2 : 1;
        if (key.size() != expected || !key.has(hashKey) || (hasRange() && !key.has(rangeKey))) {
            throw DynamoException.validation("The provided key element does not match the schema");
        }
        checkKeyValue(hashKey, hashType, key.get(hashKey), false);
        if (hasRange()) {
            checkKeyValue(rangeKey, rangeType, key.get(rangeKey), false);
        }
        return key;
    }

    private JsonNode checkKeyValue(String attr, String type, JsonNode v, boolean inItem) {
        if (v == null) {
            throw DynamoException.validation("One or more parameter values were invalid: Missing the key " + attr
                    + " in the item");
        }
        String actual = AttributeValues.type(v);
        if (!actual.equals(type)) {
            if (inItem) {
                throw DynamoException.validation("One or more parameter values were invalid: Type mismatch for key "
                        + attr + " expected: " + type + " actual: " + actual);
            }
            throw DynamoException.validation("The provided key element does not match the schema");
        }
        if ((type.equals("S") || type.equals("B")) && AttributeValues.payload(v).asText().isEmpty()) {
            throw DynamoException.validation("One or more parameter values are not valid. The AttributeValue for a "
                    + "key attribute cannot contain an empty " + (type.equals("S") ? "string" : "binary")
                    + " value. Key: " + attr);
        }
        boolean isHash = attr.equals(hashKey);
        int limit = isHash ? 2048 : 1024;
        long size = type.equals("S") ? AttributeValues.payload(v).asText()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                : type.equals("B") ? AttributeValues.decodeBinary(AttributeValues.payload(v).asText()).length : 0;
        if (size > limit) {
            throw DynamoException.validation("One or more parameter values were invalid: Size of "
                    + (isHash ? "hashkey" : "rangekey") + " has exceeded the maximum size limit of " + limit
                    + " bytes");
        }
        return v;
    }

    /** The storage key: hash and range values encoded so that all items of one hash value share a prefix. */
    public String storageKey(JsonNode key) {
        return hashPrefix(key.get(hashKey)) + (hasRange() ? encode(key.get(rangeKey)) : "");
    }

    /** The storage-key prefix of all items with this hash value. */
    public String hashPrefix(JsonNode hashValue) {
        String h = encode(hashValue);
        return h.length() + ":" + h + "|";
    }

    private static String encode(JsonNode v) {
        String t = AttributeValues.type(v);
        String p = AttributeValues.payload(v).asText();
        return switch (t) {
            case "N" -> AttributeValues.formatNumber(AttributeValues.parseNumber(p));
            case "B" -> Base64.getEncoder().encodeToString(AttributeValues.decodeBinary(p));
            default -> p;
        };
    }

    /** The key attributes of {@code item}. */
    public ObjectNode keyOf(ObjectNode item) {
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        key.set(hashKey, item.get(hashKey));
        if (hasRange()) {
            key.set(rangeKey, item.get(rangeKey));
        }
        return key;
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", name).put("hashKey", hashKey).put("hashType", hashType);
        if (hasRange()) {
            o.put("rangeKey", rangeKey).put("rangeType", rangeType);
        }
        o.put("billingMode", billingMode).put("created", creationEpochMillis).put("tableId", tableId);
        return o;
    }

    public static TableSchema fromJson(JsonNode o) {
        return new TableSchema(o.get("name").asText(), o.get("hashKey").asText(), o.get("hashType").asText(),
                o.hasNonNull("rangeKey") ? o.get("rangeKey").asText() : null,
                o.hasNonNull("rangeType") ? o.get("rangeType").asText() : null,
                o.get("billingMode").asText(), o.get("created").asLong(), o.get("tableId").asText());
    }

    /** KeySchema and AttributeDefinitions in DescribeTable form. */
    public void describeKeys(ObjectNode out) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ArrayNode ks = out.putArray("KeySchema");
        ks.add(f.objectNode().put("AttributeName", hashKey).put("KeyType", "HASH"));
        ArrayNode defs = out.putArray("AttributeDefinitions");
        defs.add(f.objectNode().put("AttributeName", hashKey).put("AttributeType", hashType));
        if (hasRange()) {
            ks.add(f.objectNode().put("AttributeName", rangeKey).put("KeyType", "RANGE"));
            defs.add(f.objectNode().put("AttributeName", rangeKey).put("AttributeType", rangeType));
        }
    }
}
