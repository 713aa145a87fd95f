package dev.sluice.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dynamodb.DynamoException;
import dev.sluice.dynamodb.storage.TableSchema;
import dev.sluice.dynamodb.storage.TableStore;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** CreateTable, DescribeTable, ListTables and DeleteTable; tables are ACTIVE as soon as they are created. */
public final class TableOperations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    private static final Set<String> KEY_TYPES = Set.of("S", "N", "B");
    private static final String ACCOUNT = "000000000000";

    private final TableStore store;
    private final String region;

    public TableOperations(TableStore store, String region) {
        this.store = store;
        this.region = region;
    }

    public ObjectNode createTable(JsonNode req) {
        String name = Requests.requireString(req, "TableName");
        checkTableName(name);
        for (String unsupported : List.of("GlobalSecondaryIndexes", "LocalSecondaryIndexes")) {
            if (req.hasNonNull(unsupported) && !req.get(unsupported).isEmpty()) {
                throw DynamoException.validation("The Sluice embedded DynamoDB does not support " + unsupported
                        + "; create the table without secondary indexes or use a real DynamoDB endpoint");
            }
        }
        JsonNode stream = req.get("StreamSpecification");
        if (stream != null && stream.path("StreamEnabled").asBoolean(false)) {
            throw DynamoException.validation("The Sluice embedded DynamoDB does not support DynamoDB Streams");
        }
        String billing = Requests.optEnum(req, "BillingMode", "PROVISIONED", Set.of("PROVISIONED",
                "PAY_PER_REQUEST"));
        if (billing.equals("PROVISIONED") && !req.hasNonNull("ProvisionedThroughput")) {
            throw DynamoException.validation("One or more parameter values were invalid: ReadCapacityUnits and "
                    + "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        if (billing.equals("PAY_PER_REQUEST") && req.hasNonNull("ProvisionedThroughput")) {
            throw DynamoException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits "
                    + "nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }
        Map<String, String> defs = new HashMap<>();
        JsonNode defNodes = req.get("AttributeDefinitions");
        if (defNodes == null || !defNodes.isArray()) {
            throw DynamoException.validation("1 validation error detected: Value null at 'attributeDefinitions' "
                    + "failed to satisfy constraint: Member must not be null");
        }
        for (JsonNode d : defNodes) {
            String type = d.path("AttributeType").asText();
            if (!KEY_TYPES.contains(type)) {
                throw DynamoException.validation("1 validation error detected: Value '" + type + "' at "
                        + "'attributeDefinitions.member.attributeType' failed to satisfy constraint: Member must "
                        + "satisfy enum value set: [B, N, S]");
            }
            defs.put(d.path("AttributeName").asText(), type);
        }
        String hash = null;
        String range = null;
        JsonNode ks = req.get("KeySchema");
        if (ks == null || !ks.isArray() || ks.isEmpty() || ks.size() > 2) {
            throw DynamoException.validation("1 validation error detected: Value at 'keySchema' failed to satisfy "
                    + "constraint: Member must have length less than or equal to 2 and greater than or equal to 1");
        }
        for (JsonNode k : ks) {
            String type = k.path("KeyType").asText();
            String attr = k.path("AttributeName").asText();
            if (type.equals("HASH") && hash == null) {
                hash = attr;
            } else if (type.equals("RANGE") && range == null) {
                range = attr;
            } else {
                throw DynamoException.validation("Invalid KeySchema: Some index key schema element is not valid");
            }
        }
        if (hash == null) {
            throw DynamoException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        int keyCount = range == null ? 1 : 2;
        if (defs.size() != keyCount || !defs.containsKey(hash) || (range != null && !defs.containsKey(range))) {
            throw DynamoException.validation("One or more parameter values were invalid: Number of attributes in "
                    + "KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        }
        TableSchema schema = new TableSchema(name, hash, defs.get(hash), range, range == null ? null
                : defs.get(range), billing, System.currentTimeMillis(), UUID.randomUUID().toString());
        store.write(() -> {
            store.createTable(schema);
            return null;
        });
        ObjectNode out = F.objectNode();
        out.set("TableDescription", describe(schema, "ACTIVE", 0, 0));
        return out;
    }

    private static void checkTableName(String name) {
        if (!TABLE_NAME.matcher(name).matches()) {
            throw DynamoException.validation("1 validation error detected: Value '" + name + "' at 'tableName' failed "
                    + "to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ and "
                    + "have length between 3 and 255");
        }
    }

    public ObjectNode describeTable(JsonNode req) {
        String name = Requests.requireString(req, "TableName");
        return store.read(() -> {
            TableSchema t = store.table(name);
            ObjectNode out = F.objectNode();
            out.set("Table", describe(t, "ACTIVE", store.itemCount(t), store.storedBytes(t)));
            return out;
        });
    }

    public ObjectNode deleteTable(JsonNode req) {
        String name = Requests.requireString(req, "TableName");
        return store.write(() -> {
            TableSchema t = store.table(name);
            ObjectNode desc = describe(t, "DELETING", store.itemCount(t), store.storedBytes(t));
            store.deleteTable(t);
            ObjectNode out = F.objectNode();
            out.set("TableDescription", desc);
            return out;
        });
    }

    public ObjectNode listTables(JsonNode req) {
        int limit = req.hasNonNull("Limit") ? req.get("Limit").asInt() : 100;
        if (limit < 1 || limit > 100) {
            throw DynamoException.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed "
                    + "to satisfy constraint: Member must have value less than or equal to 100");
        }
        String start = Requests.optString(req, "ExclusiveStartTableName");
        List<String> names = store.tables().stream().map(TableSchema::name)
                .filter(n -> start == null || n.compareTo(start) > 0).sorted().toList();
        ObjectNode out = F.objectNode();
        ArrayNode arr = out.putArray("TableNames");
        names.stream().limit(limit).forEach(arr::add);
        if (names.size() > limit) {
            out.put("LastEvaluatedTableName", names.get(limit - 1));
        }
        return out;
    }

    private ObjectNode describe(TableSchema t, String status, long itemCount, long bytes) {
        ObjectNode d = F.objectNode();
        d.put("TableName", t.name());
        t.describeKeys(d);
        d.put("TableStatus", status);
        d.put("CreationDateTime", BigDecimal.valueOf(t.creationEpochMillis(), 3));
        d.put("ItemCount", itemCount);
        d.put("TableSizeBytes", bytes);
        d.put("TableArn", "arn:aws:dynamodb:" + region + ":" + ACCOUNT + ":table/" + t.name());
        d.put("TableId", t.tableId());
        d.putObject("BillingModeSummary").put("BillingMode", t.billingMode());
        d.putObject("ProvisionedThroughput").put("NumberOfDecreasesToday", 0).put("ReadCapacityUnits", 0)
                .put("WriteCapacityUnits", 0);
        d.put("DeletionProtectionEnabled", false);
        return d;
    }
}
