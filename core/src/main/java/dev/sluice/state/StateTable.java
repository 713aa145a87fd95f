package dev.sluice.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The one DynamoDB table that holds all of Sluice's state (single-table design, see ARCHITECTURE.md): keyed by
 * {@code pk}/{@code sk}, every item carries a {@code version} number and every overwrite is conditional on it.
 */
public class StateTable {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String VERSION = "version";

    private final DynamoDbClient ddb;
    private final String table;

    public StateTable(DynamoDbClient ddb, String table) {
        this.ddb = ddb;
        this.table = table;
    }

    public DynamoDbClient client() {
        return ddb;
    }

    public String tableName() {
        return table;
    }

    /** Creates the table (on-demand billing) if it does not exist yet. */
    public void ensureExists() {
        try {
            ddb.describeTable(DescribeTableRequest.builder().tableName(table).build());
        } catch (ResourceNotFoundException e) {
            ddb.createTable(CreateTableRequest.builder()
                    .tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
                    .build());
        }
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    public Optional<Item> get(String pk, String sk) {
        var r = ddb.getItem(GetItemRequest.builder().tableName(table).key(key(pk, sk)).consistentRead(true).build());
        return r.hasItem() && !r.item().isEmpty() ? Optional.of(new Item(r.item())) : Optional.empty();
    }

    /** Writes a new item (version 1); false when an item with that key exists already. */
    public boolean putNew(String pk, String sk, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.putAll(key(pk, sk));
        item.put(VERSION, n(1));
        try {
            ddb.putItem(PutItemRequest.builder().tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk)").build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Replaces an item if its stored version is {@code expectedVersion} (0 = must not exist); the new item gets
     * version {@code expectedVersion + 1}. False when someone else wrote it first.
     */
    public boolean replace(String pk, String sk, Map<String, AttributeValue> attributes, long expectedVersion) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.putAll(key(pk, sk));
        item.put(VERSION, n(expectedVersion + 1));
        PutItemRequest.Builder b = PutItemRequest.builder().tableName(table).item(item);
        if (expectedVersion == 0) {
            b.conditionExpression("attribute_not_exists(pk)");
        } else {
            b.conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", VERSION))
                    .expressionAttributeValues(Map.of(":v", n(expectedVersion)));
        }
        try {
            ddb.putItem(b.build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Sets attributes and bumps the version, on the condition that the item exists; for fields that many writers
     * may set without reading first (progress counters, flags). Returns the item after the update.
     */
    public Item set(String pk, String sk, Map<String, AttributeValue> attributes) {
        StringBuilder expr = new StringBuilder("SET #v = if_not_exists(#v, :zero) + :one");
        Map<String, String> names = new HashMap<>(Map.of("#v", VERSION));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":zero", n(0), ":one", n(1)));
        int i = 0;
        for (var e : attributes.entrySet()) {
            expr.append(", #a").append(i).append(" = :a").append(i);
            names.put("#a" + i, e.getKey());
            values.put(":a" + i, e.getValue());
            i++;
        }
        var r = ddb.updateItem(UpdateItemRequest.builder().tableName(table).key(key(pk, sk))
                .updateExpression(expr.toString()).expressionAttributeNames(names).expressionAttributeValues(values)
                .conditionExpression("attribute_exists(pk)").returnValues("ALL_NEW").build());
        return new Item(r.attributes());
    }

    /** Atomically adds {@code by} to a number attribute (creating the item and attribute at 0) and returns the sum. */
    public long add(String pk, String sk, String attribute, long by) {
        var r = ddb.updateItem(UpdateItemRequest.builder().tableName(table).key(key(pk, sk))
                .updateExpression("ADD #a :by").expressionAttributeNames(Map.of("#a", attribute))
                .expressionAttributeValues(Map.of(":by", n(by))).returnValues("UPDATED_NEW").build());
        return Long.parseLong(r.attributes().get(attribute).n());
    }

    /** Every item of a partition whose sort key starts with {@code skPrefix} (empty = all), in sort-key order. */
    public List<Item> query(String pk, String skPrefix) {
        List<Item> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            // DynamoDB refuses an empty string in a key condition: no prefix = the whole partition
            QueryRequest.Builder b = QueryRequest.builder().tableName(table).consistentRead(true);
            if (skPrefix.isEmpty()) {
                b.keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s(pk)));
            } else {
                b.keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                        .expressionAttributeValues(Map.of(":pk", s(pk), ":p", s(skPrefix)));
            }
            if (start != null) {
                b.exclusiveStartKey(start);
            }
            QueryResponse r = ddb.query(b.build());
            r.items().forEach(i -> out.add(new Item(i)));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    public void delete(String pk, String sk) {
        ddb.deleteItem(b -> b.tableName(table).key(key(pk, sk)));
    }

    public static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    public static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    public static AttributeValue n(double v) {
        return AttributeValue.fromN(Double.toString(v));
    }

    public static AttributeValue bool(boolean v) {
        return AttributeValue.fromBool(v);
    }
}
