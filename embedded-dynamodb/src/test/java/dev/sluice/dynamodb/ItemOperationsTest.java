package dev.sluice.dynamodb;

import static dev.sluice.dynamodb.SdkClients.l;
import static dev.sluice.dynamodb.SdkClients.m;
import static dev.sluice.dynamodb.SdkClients.n;
import static dev.sluice.dynamodb.SdkClients.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** Table lifecycle, item CRUD, condition and update expressions, return values and limits — via the AWS SDK. */
class ItemOperationsTest {
    private static EmbeddedDynamoDb db;
    private static DynamoDbClient client;

    @BeforeAll
    static void start() {
        db = EmbeddedDynamoDb.start(null, "127.0.0.1", 0);
        client = SdkClients.client(db.endpoint());
        SdkClients.createTable(client, "items", "pk", null, null);
        SdkClients.createTable(client, "pairs", "pk", "sk", ScalarAttributeType.N);
    }

    @AfterAll
    static void stop() {
        client.close();
        db.close();
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk));
    }

    private static Map<String, AttributeValue> get(String pk) {
        GetItemResponse r = client.getItem(b -> b.tableName("items").key(key(pk)).consistentRead(true));
        return r.hasItem() ? r.item() : null;
    }

    @Test
    void tableLifecycle() {
        SdkClients.createTable(client, "lifecycle", "id", null, null);
        DescribeTableResponse d = client.describeTable(b -> b.tableName("lifecycle"));
        assertEquals(TableStatus.ACTIVE, d.table().tableStatus());
        assertEquals("id", d.table().keySchema().get(0).attributeName());
        assertTrue(client.listTables().tableNames().contains("lifecycle"));
        assertThrows(ResourceInUseException.class, () -> SdkClients.createTable(client, "lifecycle", "id", null,
                null));
        client.deleteTable(b -> b.tableName("lifecycle"));
        assertFalse(client.listTables().tableNames().contains("lifecycle"));
        assertThrows(ResourceNotFoundException.class, () -> client.describeTable(b -> b.tableName("lifecycle")));
        assertThrows(ResourceNotFoundException.class, () -> client.getItem(b -> b.tableName("lifecycle")
                .key(Map.of("id", s("x")))));
    }

    @Test
    void listTablesPages() {
        List<String> all = client.listTables(b -> b.limit(1)).tableNames();
        assertEquals(1, all.size());
        String next = client.listTables(b -> b.limit(1)).lastEvaluatedTableName();
        assertEquals(all.get(0), next);
        List<String> rest = client.listTables(b -> b.exclusiveStartTableName(next)).tableNames();
        assertFalse(rest.contains(next));
    }

    @Test
    void putGetDeleteWithAllTypes() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("types"));
        item.put("s", s("text"));
        item.put("n", n("12345678901234567890.123456789"));
        item.put("b", AttributeValue.fromB(SdkBytes.fromUtf8String("bin")));
        item.put("bool", AttributeValue.fromBool(true));
        item.put("null", AttributeValue.fromNul(true));
        item.put("m", m(Map.of("inner", l(n("1"), s("two")))));
        item.put("ss", AttributeValue.fromSs(List.of("a", "b")));
        item.put("ns", AttributeValue.fromNs(List.of("1", "2.5")));
        item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"))));
        client.putItem(b -> b.tableName("items").item(item));
        Map<String, AttributeValue> got = get("types");
        assertEquals(item, got);
        client.deleteItem(b -> b.tableName("items").key(key("types")));
        assertNull(get("types"));
    }

    @Test
    void numbersAreNormalisedAndComparedByValue() {
        client.putItem(b -> b.tableName("items").item(Map.of("pk", s("num"), "v", n("0010.500"))));
        assertEquals("10.5", get("num").get("v").n());
        client.putItem(b -> b.tableName("items").item(Map.of("pk", s("num"), "v", n("10.5")))
                .conditionExpression("v = :x").expressionAttributeValues(Map.of(":x", n("1.05E1"))));
        DynamoDbException e = assertThrows(DynamoDbException.class, () -> client.putItem(b -> b.tableName("items")
                .item(Map.of("pk", s("num"), "v", n("123456789012345678901234567890123456789")))));
        assertTrue(e.getMessage().contains("38 significant digits"), e.getMessage());
    }

    @Test
    void conditionalPutFailsAndReturnsOldItemWhenAsked() {
        client.putItem(b -> b.tableName("items").item(Map.of("pk", s("lease"), "owner", s("w1"))));
        ConditionalCheckFailedException e = assertThrows(ConditionalCheckFailedException.class,
                () -> client.putItem(b -> b.tableName("items").item(Map.of("pk", s("lease"), "owner", s("w2")))
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertEquals("w1", e.item().get("owner").s());
        assertEquals("w1", get("lease").get("owner").s());
        client.putItem(b -> b.tableName("items").item(Map.of("pk", s("lease"), "owner", s("w2")))
                .conditionExpression("#o = :me").expressionAttributeNames(Map.of("#o", "owner"))
                .expressionAttributeValues(Map.of(":me", s("w1"))));
        assertEquals("w2", get("lease").get("owner").s());
    }

    @Test
    void conditionOperatorsAndFunctions() {
        Map<String, AttributeValue> item = Map.of("pk", s("cond"), "age", n("42"), "name", s("alice"),
                "tags", AttributeValue.fromSs(List.of("x", "y")), "doc", m(Map.of("arr", l(m(Map.of("c",
                        s("deep")))))), "flag", AttributeValue.fromBool(false));
        client.putItem(b -> b.tableName("items").item(item));
        Map<String, AttributeValue> v = Map.of(":n", n("42"), ":lo", n("40"), ":hi", n("50"), ":a", s("alice"),
                ":b", s("bob"), ":p", s("al"), ":x", s("x"), ":deep", s("deep"), ":t", s("SS"), ":three", n("3"));
        String[][] cases = {
            {"age = :n", "true"}, {"age <> :n", "false"}, {"age < :hi", "true"}, {"age <= :n", "true"},
            {"age > :lo", "true"}, {"age >= :hi", "false"}, {"age BETWEEN :lo AND :hi", "true"},
            {"#nm IN (:b, :a)", "true"}, {"#nm IN (:b)", "false"}, {"age = :n AND #nm = :b", "false"},
            {"age = :n OR #nm = :b", "true"}, {"NOT (#nm = :b)", "true"}, {"attribute_exists(doc.arr[0].c)", "true"},
            {"attribute_not_exists(doc.arr[1])", "true"}, {"attribute_type(tags, :t)", "true"},
            {"begins_with(#nm, :p)", "true"}, {"contains(tags, :x)", "true"}, {"contains(#nm, :p)", "true"},
            {"size(#nm) > :three", "true"}, {"size(tags) < :three", "true"}, {"doc.arr[0].c = :deep", "true"},
            {"(age = :lo OR age = :n) AND NOT attribute_exists(absent)", "true"}, {"absent = :n", "false"},
            {"absent <> :n", "true"}, {"age < :a", "false"}
        };
        for (String[] c : cases) {
            boolean expected = Boolean.parseBoolean(c[1]);
            Map<String, AttributeValue> used = new HashMap<>();
            v.forEach((k, val) -> {
                if (c[0].matches(".*" + k + "\\b.*")) {
                    used.put(k, val);
                }
            });
            Map<String, String> names = c[0].contains("#nm") ? Map.of("#nm", "name") : null;
            boolean passed;
            try {
                client.updateItem(b -> b.tableName("items").key(key("cond")).updateExpression("SET probe = :x2")
                        .conditionExpression(c[0]).expressionAttributeNames(names)
                        .expressionAttributeValues(withProbe(used)));
                passed = true;
            } catch (ConditionalCheckFailedException e) {
                passed = false;
            }
            assertEquals(expected, passed, "condition " + c[0]);
        }
    }

    private static Map<String, AttributeValue> withProbe(Map<String, AttributeValue> v) {
        Map<String, AttributeValue> out = new HashMap<>(v);
        out.put(":x2", s("probe"));
        return out;
    }

    @Test
    void updateExpressionActions() {
        client.putItem(b -> b.tableName("items").item(Map.of("pk", s("upd"), "count", n("5"),
                "list", l(s("a")), "set", AttributeValue.fromSs(List.of("p", "q")), "set2", AttributeValue.fromSs(List.of("k")), "gone", s("x"),
                "nested", m(Map.of("arr", l(n("1"), n("2"), n("3")))))));
        UpdateItemResponse r = client.updateItem(b -> b.tableName("items").key(key("upd"))
                .updateExpression("SET #c = #c + :one, fresh = if_not_exists(fresh, :zero), #l = list_append(#l, :more),"
                        + " nested.arr[1] = :ten REMOVE gone, nested.arr[0] ADD tally :one, set2 :add DELETE #s :del")
                .expressionAttributeNames(Map.of("#c", "count", "#l", "list", "#s", "set"))
                .expressionAttributeValues(Map.of(":one", n("1"), ":zero", n("0"), ":more", l(s("b")),
                        ":ten", n("10"), ":add", AttributeValue.fromSs(List.of("r")),
                        ":del", AttributeValue.fromSs(List.of("p"))))
                .returnValues(ReturnValue.ALL_NEW));
        Map<String, AttributeValue> item = r.attributes();
        assertEquals("6", item.get("count").n());
        assertEquals("0", item.get("fresh").n());
        assertEquals(List.of(s("a"), s("b")), item.get("list").l());
        assertEquals(List.of(n("10"), n("3")), item.get("nested").m().get("arr").l());
        assertFalse(item.containsKey("gone"));
        assertEquals("1", item.get("tally").n());
        assertEquals(List.of("q"), item.get("set").ss());
        assertEquals(List.of("k", "r"), item.get("set2").ss().stream().sorted().toList());
        assertEquals(item, get("upd"));
    }

    @Test
    void updateReturnValues() {
        client.putItem(b -> b.tableName("items").item(Map.of("pk", s("rv"), "a", n("1"), "b", n("2"))));
        UpdateItemResponse oldR = client.updateItem(b -> b.tableName("items").key(key("rv"))
                .updateExpression("SET a = :v").expressionAttributeValues(Map.of(":v", n("7")))
                .returnValues(ReturnValue.UPDATED_OLD));
        assertEquals(Map.of("a", n("1")), oldR.attributes());
        UpdateItemResponse newR = client.updateItem(b -> b.tableName("items").key(key("rv"))
                .updateExpression("SET a = :v").expressionAttributeValues(Map.of(":v", n("8")))
                .returnValues(ReturnValue.UPDATED_NEW));
        assertEquals(Map.of("a", n("8")), newR.attributes());
        UpdateItemResponse allOld = client.updateItem(b -> b.tableName("items").key(key("rv"))
                .updateExpression("SET a = :v").expressionAttributeValues(Map.of(":v", n("9")))
                .returnValues(ReturnValue.ALL_OLD));
        assertEquals(Map.of("pk", s("rv"), "a", n("8"), "b", n("2")), allOld.attributes());
        var del = client.deleteItem(b -> b.tableName("items").key(key("rv")).returnValues(ReturnValue.ALL_OLD));
        assertEquals("9", del.attributes().get("a").n());
    }

    @Test
    void updateCreatesItemAndRejectsKeyChanges() {
        client.updateItem(b -> b.tableName("items").key(key("upsert")).updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", s("x"))));
        assertEquals(Map.of("pk", s("upsert"), "v", s("x")), get("upsert"));
        DynamoDbException e = assertThrows(DynamoDbException.class, () -> client.updateItem(b -> b.tableName("items")
                .key(key("upsert")).updateExpression("SET pk = :v").expressionAttributeValues(Map.of(":v", s("y")))));
        assertTrue(e.getMessage().contains("part of the key"), e.getMessage());
        e = assertThrows(DynamoDbException.class, () -> client.updateItem(b -> b.tableName("items")
                .key(key("upsert")).updateExpression("SET v = v + :n").expressionAttributeValues(Map.of(":n", n("1")))));
        assertTrue(e.getMessage().contains("incorrect data type"), e.getMessage());
        e = assertThrows(DynamoDbException.class, () -> client.updateItem(b -> b.tableName("items")
                .key(key("upsert")).updateExpression("SET a.b = :n").expressionAttributeValues(Map.of(":n", n("1")))));
        assertTrue(e.getMessage().contains("document path provided in the update expression is invalid"),
                e.getMessage());
    }

    @Test
    void projectionOnGetItem() {
        client.putItem(b -> b.tableName("items").item(Map.of("pk", s("proj"), "a", s("1"), "b", s("2"),
                "doc", m(Map.of("x", s("X"), "y", s("Y"), "arr", l(s("0"), s("1"), s("2")))))));
        Map<String, AttributeValue> got = client.getItem(b -> b.tableName("items").key(key("proj"))
                .projectionExpression("a, doc.x, doc.arr[2], #m").expressionAttributeNames(Map.of("#m", "missing")))
                .item();
        assertEquals(Map.of("a", s("1"), "doc", m(Map.of("x", s("X"), "arr", l(s("2"))))), got);
    }

    @Test
    void validationErrorsNameTheProblem() {
        assertValidation("token: \"!\"", () -> client.updateItem(b -> b.tableName("items").key(key("v"))
                .updateExpression("SET a = :v !").expressionAttributeValues(Map.of(":v", s("x")))));
        assertValidation("reserved keyword; reserved keyword: status", () -> client.putItem(b -> b
                .tableName("items").item(Map.of("pk", s("v"))).conditionExpression("status = :v")
                .expressionAttributeValues(Map.of(":v", s("x")))));
        assertValidation("unused in expressions: keys: {:unused}", () -> client.putItem(b -> b.tableName("items")
                .item(Map.of("pk", s("v"))).conditionExpression("attribute_not_exists(pk)")
                .expressionAttributeValues(Map.of(":unused", s("x")))));
        assertValidation("not defined; attribute value: :nope", () -> client.putItem(b -> b.tableName("items")
                .item(Map.of("pk", s("v"))).conditionExpression("a = :nope")));
        assertValidation("Invalid function name; function: foo", () -> client.putItem(b -> b.tableName("items")
                .item(Map.of("pk", s("v"))).conditionExpression("foo(a)")));
        assertValidation("Missing the key pk", () -> client.putItem(b -> b.tableName("items")
                .item(Map.of("other", s("v")))));
        assertValidation("does not match the schema", () -> client.getItem(b -> b.tableName("items")
                .key(Map.of("pk", n("1")))));
        assertValidation("Two document paths overlap", () -> client.updateItem(b -> b.tableName("items")
                .key(key("v")).updateExpression("SET a = :v REMOVE a").expressionAttributeValues(Map.of(":v", s("x")))));
        assertValidation("contains duplicates", () -> client.putItem(b -> b.tableName("items")
                .item(Map.of("pk", s("v"), "ss", AttributeValue.fromSs(List.of("a", "a"))))));
        assertValidation("legacy parameter AttributesToGet", () -> client.getItem(b -> b.tableName("items")
                .key(key("v")).attributesToGet("a")));
    }

    @Test
    void itemSizeLimitIs400Kb() {
        String big = "x".repeat(400 * 1024);
        assertValidation("Item size has exceeded the maximum allowed size", () -> client.putItem(b -> b
                .tableName("items").item(Map.of("pk", s("big"), "data", s(big)))));
        String fits = "x".repeat(400 * 1024 - 20);
        client.putItem(b -> b.tableName("items").item(Map.of("pk", s("big"), "data", s(fits))));
        assertEquals(fits.length(), get("big").get("data").s().length());
        assertValidation("Item size to update has exceeded the maximum allowed size", () -> client.updateItem(b -> b
                .tableName("items").key(key("big")).updateExpression("SET more = :m")
                .expressionAttributeValues(Map.of(":m", s("y".repeat(100))))));
    }

    static void assertValidation(String expectedFragment, org.junit.jupiter.api.function.Executable call) {
        DynamoDbException e = assertThrows(DynamoDbException.class, call);
        assertEquals("ValidationException", e.awsErrorDetails().errorCode(), e.getMessage());
        assertTrue(e.awsErrorDetails().errorMessage().contains(expectedFragment),
                "expected '" + expectedFragment + "' in: " + e.awsErrorDetails().errorMessage());
    }
}
