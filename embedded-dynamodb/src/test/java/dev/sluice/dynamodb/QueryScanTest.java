package dev.sluice.dynamodb;

import static dev.sluice.dynamodb.SdkClients.n;
import static dev.sluice.dynamodb.SdkClients.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** Query key conditions, filters, ordering, Select=COUNT, Limit and 1 MB paging, and Scan paging — via the SDK. */
class QueryScanTest {
    private static EmbeddedDynamoDb db;
    private static DynamoDbClient client;

    @BeforeAll
    static void start() {
        db = EmbeddedDynamoDb.start(null, "127.0.0.1", 0);
        client = SdkClients.client(db.endpoint());
        SdkClients.createTable(client, "chunks", "task", "seq", ScalarAttributeType.N);
        SdkClients.createTable(client, "names", "task", "name", ScalarAttributeType.S);
        for (int i = 1; i <= 20; i++) {
            int seq = i;
            client.putItem(b -> b.tableName("chunks").item(Map.of("task", s("t1"), "seq", n(String.valueOf(seq)),
                    "state", s(seq % 2 == 0 ? "DONE" : "PENDING"))));
        }
        client.putItem(b -> b.tableName("chunks").item(Map.of("task", s("t2"), "seq", n("1"), "state", s("DONE"))));
        for (String name : List.of("orders", "order_items", "customers", "ord")) {
            client.putItem(b -> b.tableName("names").item(Map.of("task", s("t1"), "name", s(name))));
        }
    }

    @AfterAll
    static void stop() {
        client.close();
        db.close();
    }

    private static List<Integer> seqs(QueryResponse r) {
        return r.items().stream().map(i -> Integer.parseInt(i.get("seq").n())).toList();
    }

    private static QueryResponse query(String kce, Map<String, AttributeValue> values) {
        return client.query(b -> b.tableName("chunks").keyConditionExpression(kce).expressionAttributeValues(values));
    }

    @Test
    void rangeKeyOperatorsSortNumerically() {
        Map<String, AttributeValue> t1 = Map.of(":t", s("t1"));
        assertEquals(20, query("task = :t", t1).count());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20),
                seqs(query("task = :t", t1)));
        assertEquals(List.of(5), seqs(query("task = :t AND seq = :v", Map.of(":t", s("t1"), ":v", n("5")))));
        assertEquals(List.of(1, 2), seqs(query("task = :t AND seq < :v", Map.of(":t", s("t1"), ":v", n("3")))));
        assertEquals(List.of(1, 2, 3), seqs(query("task = :t AND seq <= :v", Map.of(":t", s("t1"), ":v", n("3")))));
        assertEquals(List.of(19, 20), seqs(query("task = :t AND seq > :v", Map.of(":t", s("t1"), ":v", n("18")))));
        assertEquals(List.of(18, 19, 20), seqs(query("task = :t AND seq >= :v", Map.of(":t", s("t1"),
                ":v", n("18")))));
        assertEquals(List.of(9, 10, 11), seqs(query("seq BETWEEN :a AND :b AND task = :t", Map.of(":t", s("t1"),
                ":a", n("9"), ":b", n("11")))));
        assertEquals(List.of(1), seqs(query("task = :t", Map.of(":t", s("t2")))));
    }

    @Test
    void beginsWithOnStringRangeKey() {
        QueryResponse r = client.query(b -> b.tableName("names")
                .keyConditionExpression("task = :t AND begins_with(#n, :p)")
                .expressionAttributeNames(Map.of("#n", "name"))
                .expressionAttributeValues(Map.of(":t", s("t1"), ":p", s("ord"))));
        assertEquals(List.of("ord", "order_items", "orders"),
                r.items().stream().map(i -> i.get("name").s()).toList());
    }

    /**
     * Regression: DynamoDB refuses an empty string as a key value in a key condition, begins_with included
     * ("The AttributeValue for a key attribute cannot contain an empty string value"); the embedded store accepted
     * it, so Sluice's {@code query(pk, "")} worked locally and failed on AWS. Seen passing here (wrongly) before
     * the fix; moto_server refuses it like DynamoDB.
     */
    @Test
    void emptyStringKeyValuesInAKeyConditionAreRefusedLikeDynamoDb() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class,
                () -> client.query(b -> b.tableName("names").keyConditionExpression("task = :t AND begins_with(#n, :p)")
                        .expressionAttributeNames(Map.of("#n", "name"))
                        .expressionAttributeValues(Map.of(":t", s("t1"), ":p", s("")))));
        assertTrue(e.getMessage().contains("The AttributeValue for a key attribute cannot contain an empty string "
                + "value. Key: name"), e.getMessage());
        var h = org.junit.jupiter.api.Assertions.assertThrows(
                software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class,
                () -> client.query(b -> b.tableName("names").keyConditionExpression("task = :t")
                        .expressionAttributeValues(Map.of(":t", s("")))));
        assertTrue(h.getMessage().contains("Key: task"), h.getMessage());
    }

    @Test
    void descendingFilterProjectionAndCount() {
        QueryResponse r = client.query(b -> b.tableName("chunks").keyConditionExpression("task = :t")
                .filterExpression("#st = :done").projectionExpression("seq").scanIndexForward(false)
                .expressionAttributeNames(Map.of("#st", "state"))
                .expressionAttributeValues(Map.of(":t", s("t1"), ":done", s("DONE"))));
        assertEquals(List.of(20, 18, 16, 14, 12, 10, 8, 6, 4, 2), seqs(r));
        assertEquals(20, r.scannedCount());
        assertEquals(Set.of("seq"), r.items().get(0).keySet());
        QueryResponse count = client.query(b -> b.tableName("chunks").keyConditionExpression("task = :t")
                .select(Select.COUNT).filterExpression("#st = :p").expressionAttributeNames(Map.of("#st", "state"))
                .expressionAttributeValues(Map.of(":t", s("t1"), ":p", s("PENDING"))));
        assertEquals(10, count.count());
        assertTrue(count.items().isEmpty());
    }

    @Test
    void limitAndExclusiveStartKeyPageThroughAQuery() {
        List<Integer> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = client.query(QueryRequest.builder().tableName("chunks")
                    .keyConditionExpression("task = :t").expressionAttributeValues(Map.of(":t", s("t1"))).limit(7)
                    .exclusiveStartKey(from).scanIndexForward(false).build());
            seen.addAll(seqs(r));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);
        assertEquals(3, pages);
        List<Integer> expected = new ArrayList<>();
        for (int i = 20; i >= 1; i--) {
            expected.add(i);
        }
        assertEquals(expected, seen);
    }

    @Test
    void sdkPaginatorScansEverything() {
        Set<String> keys = new HashSet<>();
        client.scanPaginator(b -> b.tableName("chunks").limit(4)).items()
                .forEach(i -> keys.add(i.get("task").s() + "/" + i.get("seq").n()));
        assertEquals(21, keys.size());
        ScanResponse filtered = client.scan(b -> b.tableName("chunks").filterExpression("#st = :d")
                .expressionAttributeNames(Map.of("#st", "state")).expressionAttributeValues(Map.of(":d", s("DONE"))));
        assertEquals(11, filtered.count());
        assertEquals(21, filtered.scannedCount());
    }

    @Test
    void parallelScanSegmentsPartitionTheTable() {
        int total = 0;
        for (int seg = 0; seg < 3; seg++) {
            int segment = seg;
            total += client.scan(b -> b.tableName("chunks").segment(segment).totalSegments(3)).count();
        }
        assertEquals(21, total);
    }

    @Test
    void pagesStopAtOneMegabyte() {
        SdkClients.createTable(client, "bulky", "pk", "sk", ScalarAttributeType.N);
        String payload = "p".repeat(300 * 1024);
        for (int i = 0; i < 7; i++) {
            int sk = i;
            client.putItem(b -> b.tableName("bulky").item(Map.of("pk", s("x"), "sk", n(String.valueOf(sk)),
                    "data", s(payload))));
        }
        QueryResponse first = client.query(b -> b.tableName("bulky").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("x"))));
        assertEquals(4, first.count(), "a page holds items until 1 MB is reached");
        assertFalse(first.lastEvaluatedKey().isEmpty());
        QueryResponse second = client.query(b -> b.tableName("bulky").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("x"))).exclusiveStartKey(first.lastEvaluatedKey()));
        assertEquals(3, second.count());
        assertTrue(second.lastEvaluatedKey().isEmpty());
        ScanResponse scan = client.scan(b -> b.tableName("bulky"));
        assertEquals(4, scan.count());
        assertFalse(scan.lastEvaluatedKey().isEmpty());
    }

    @Test
    void invalidKeyConditionsAreRejected() {
        ItemOperationsTest.assertValidation("Query key condition not supported",
                () -> query("task <> :t", Map.of(":t", s("t1"))));
        ItemOperationsTest.assertValidation("Condition parameter type does not match schema type",
                () -> query("task = :t AND seq > :v", Map.of(":t", s("t1"), ":v", s("1"))));
        ItemOperationsTest.assertValidation("operator or function: begins_with, operand type: N",
                () -> query("task = :t AND begins_with(seq, :v)", Map.of(":t", s("t1"), ":v", n("1"))));
        ItemOperationsTest.assertValidation("missed key schema element: task",
                () -> query("seq = :v", Map.of(":v", n("1"))));
        ItemOperationsTest.assertValidation("Filter Expression can only contain non-primary key attributes",
                () -> client.query(b -> b.tableName("chunks").keyConditionExpression("task = :t")
                        .filterExpression("seq > :v").expressionAttributeValues(Map.of(":t", s("t1"),
                                ":v", n("1")))));
        ItemOperationsTest.assertValidation("does not support secondary indexes",
                () -> client.query(b -> b.tableName("chunks").indexName("byState").keyConditionExpression("task = :t")
                        .expressionAttributeValues(Map.of(":t", s("t1")))));
    }
}
