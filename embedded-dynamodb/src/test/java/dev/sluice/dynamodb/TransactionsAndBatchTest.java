package dev.sluice.dynamodb;

import static dev.sluice.dynamodb.SdkClients.n;
import static dev.sluice.dynamodb.SdkClients.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Transactions (all-or-nothing, cancellation reasons, contention), batches and their limits — via the SDK. */
class TransactionsAndBatchTest {
    @TempDir
    static java.nio.file.Path dir;
    private static EmbeddedDynamoDb db;
    private static DynamoDbClient client;

    @BeforeAll
    static void start() {
        db = EmbeddedDynamoDb.start(dir.resolve("data"), "127.0.0.1", 0);
        client = SdkClients.client(db.endpoint());
        SdkClients.createTable(client, "state", "pk", null, null);
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
        var r = client.getItem(b -> b.tableName("state").key(key(pk)));
        return r.hasItem() ? r.item() : null;
    }

    @Test
    void transactionIsAllOrNothing() {
        client.putItem(b -> b.tableName("state").item(Map.of("pk", s("acct-a"), "balance", n("100"))));
        client.putItem(b -> b.tableName("state").item(Map.of("pk", s("acct-b"), "balance", n("0"))));
        TransactionCanceledException e = assertThrows(TransactionCanceledException.class,
                () -> client.transactWriteItems(b -> b.transactItems(
                        debit("acct-a", "150"), credit("acct-b", "150"),
                        TransactWriteItem.builder().put(Put.builder().tableName("state")
                                .item(Map.of("pk", s("audit"), "note", s("moved"))).build()).build())));
        assertEquals(List.of("ConditionalCheckFailed", "None", "None"),
                e.cancellationReasons().stream().map(r -> r.code()).toList());
        assertEquals("100", e.cancellationReasons().get(0).item().get("balance").n());
        assertTrue(e.getMessage().contains("[ConditionalCheckFailed, None, None]"), e.getMessage());
        assertEquals("100", get("acct-a").get("balance").n());
        assertEquals("0", get("acct-b").get("balance").n());
        assertEquals(null, get("audit"));

        client.transactWriteItems(b -> b.transactItems(debit("acct-a", "60"), credit("acct-b", "60"),
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName("state")
                        .key(key("acct-c")).conditionExpression("attribute_not_exists(pk)").build()).build()));
        assertEquals("40", get("acct-a").get("balance").n());
        assertEquals("60", get("acct-b").get("balance").n());

        var got = client.transactGetItems(b -> b.transactItems(
                TransactGetItem.builder().get(g -> g.tableName("state").key(key("acct-a"))).build(),
                TransactGetItem.builder().get(g -> g.tableName("state").key(key("nobody"))).build()));
        assertEquals("40", got.responses().get(0).item().get("balance").n());
        assertFalse(got.responses().get(1).hasItem());
    }

    private static TransactWriteItem debit(String acct, String amount) {
        return TransactWriteItem.builder().update(Update.builder().tableName("state").key(key(acct))
                .updateExpression("SET balance = balance - :amt").conditionExpression("balance >= :amt")
                .expressionAttributeValues(Map.of(":amt", n(amount)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build();
    }

    private static TransactWriteItem credit(String acct, String amount) {
        return TransactWriteItem.builder().update(Update.builder().tableName("state").key(key(acct))
                .updateExpression("SET balance = balance + :amt")
                .expressionAttributeValues(Map.of(":amt", n(amount))).build()).build();
    }

    @Test
    void transactionLimitsAndDuplicateItems() {
        List<TransactWriteItem> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(TransactWriteItem.builder().put(Put.builder().tableName("state")
                    .item(Map.of("pk", s("many-" + i))).build()).build());
        }
        ItemOperationsTest.assertValidation("less than or equal to 100",
                () -> client.transactWriteItems(b -> b.transactItems(many)));
        client.transactWriteItems(b -> b.transactItems(many.subList(0, 100)));
        assertEquals(Map.of("pk", s("many-99")), get("many-99"));
        ItemOperationsTest.assertValidation("multiple operations on one item",
                () -> client.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().put(Put.builder().tableName("state").item(key("dup")).build())
                                .build(),
                        TransactWriteItem.builder().delete(Delete.builder().tableName("state").key(key("dup"))
                                .build()).build())));
    }

    @Test
    void concurrentConditionalIncrementsLoseNothing() throws Exception {
        client.putItem(b -> b.tableName("state").item(Map.of("pk", s("counter"), "version", n("0"))));
        int threads = 8;
        int perThread = 10;
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                try (DynamoDbClient c = SdkClients.client(db.endpoint())) {
                    for (int done = 0; done < perThread; ) {
                        String v = c.getItem(b -> b.tableName("state").key(key("counter"))).item().get("version").n();
                        try {
                            c.updateItem(b -> b.tableName("state").key(key("counter"))
                                    .updateExpression("SET version = :next")
                                    .conditionExpression("version = :expected")
                                    .expressionAttributeValues(Map.of(":expected", n(v),
                                            ":next", n(String.valueOf(Long.parseLong(v) + 1)))));
                            done++;
                        } catch (ConditionalCheckFailedException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(String.valueOf(threads * perThread), get("counter").get("version").n());
        // Contention must actually have happened for this test to prove anything about atomicity.
        assertTrue(conflicts.get() > 0, "expected some conditional conflicts between 8 threads");
    }

    @Test
    void concurrentTransactionsKeepTotalsConsistent() throws Exception {
        client.putItem(b -> b.tableName("state").item(Map.of("pk", s("pool-a"), "balance", n("1000"))));
        client.putItem(b -> b.tableName("state").item(Map.of("pk", s("pool-b"), "balance", n("0"))));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                int ok = 0;
                try (DynamoDbClient c = SdkClients.client(db.endpoint())) {
                    for (int i = 0; i < 20; i++) {
                        try {
                            c.transactWriteItems(b -> b.transactItems(debit("pool-a", "7"), credit("pool-b", "7")));
                            ok++;
                        } catch (TransactionCanceledException e) {
                            // the balance ran out; the transaction must have changed nothing
                        }
                    }
                }
                return ok;
            }));
        }
        int committed = 0;
        for (Future<Integer> f : futures) {
            committed += f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(142, committed, "1000 / 7 = 142 transfers fit");
        assertEquals(String.valueOf(1000 - 7 * committed), get("pool-a").get("balance").n());
        assertEquals(String.valueOf(7 * committed), get("pool-b").get("balance").n());
    }

    @Test
    void batchWriteAndGet() {
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder()
                    .item(Map.of("pk", s("batch-" + i), "i", n(String.valueOf(i)))).build()).build());
        }
        var resp = client.batchWriteItem(b -> b.requestItems(Map.of("state", writes)));
        assertTrue(resp.unprocessedItems().isEmpty());
        List<WriteRequest> tooMany = new ArrayList<>(writes);
        tooMany.add(WriteRequest.builder().deleteRequest(d -> d.key(key("batch-x"))).build());
        ItemOperationsTest.assertValidation("less than or equal to 25",
                () -> client.batchWriteItem(b -> b.requestItems(Map.of("state", tooMany))));
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 30; i += 3) {
            keys.add(key("batch-" + i));
        }
        keys.add(key("batch-none"));
        BatchGetItemResponse got = client.batchGetItem(b -> b.requestItems(Map.of("state",
                KeysAndAttributes.builder().keys(keys).projectionExpression("i").build())));
        List<String> values = got.responses().get("state").stream().map(i -> i.get("i").n()).sorted().toList();
        assertEquals(List.of("0", "12", "15", "18", "21", "24", "3", "6", "9"), values);
        client.batchWriteItem(b -> b.requestItems(Map.of("state", List.of(
                WriteRequest.builder().deleteRequest(d -> d.key(key("batch-0"))).build()))));
        assertEquals(null, get("batch-0"));
        ItemOperationsTest.assertValidation("contains duplicates",
                () -> client.batchWriteItem(b -> b.requestItems(Map.of("state", List.of(
                        WriteRequest.builder().deleteRequest(d -> d.key(key("batch-1"))).build(),
                        WriteRequest.builder().deleteRequest(d -> d.key(key("batch-1"))).build())))));
    }
}
