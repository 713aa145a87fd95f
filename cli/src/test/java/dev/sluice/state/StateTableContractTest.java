package dev.sluice.state;

import static dev.sluice.state.StateTable.n;
import static dev.sluice.state.StateTable.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.task.EndpointSpec;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.TlsMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The state table's contract, on the embedded store and on moto_server: conditional writes, version checks,
 * atomic ADD counters, begins_with queries across result pages, whole-partition queries, the task transaction and
 * the TTL marking of finished tasks. Every engine component builds on these; a backend that disagrees fails here.
 */
class StateTableContractTest {

    private static void withTable(StateBackend backend, java.util.function.Consumer<StateTable> test) {
        StateTable t = backend.newTable();
        try {
            test.accept(t);
        } finally {
            t.client().close();
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackend.class)
    void putNewIsRefusedWhenTheItemExists(StateBackend backend) {
        withTable(backend, t -> {
            assertTrue(t.putNew("P", "A", Map.of("x", s("1"))));
            assertFalse(t.putNew("P", "A", Map.of("x", s("2"))), "a second putNew must be refused");
            assertEquals("1", t.get("P", "A").orElseThrow().str("x"));
            assertEquals(1, t.get("P", "A").orElseThrow().version());
        });
    }

    @ParameterizedTest
    @EnumSource(StateBackend.class)
    void replaceChecksTheStoredVersion(StateBackend backend) {
        withTable(backend, t -> {
            assertTrue(t.replace("P", "A", Map.of("x", s("1")), 0));
            assertFalse(t.replace("P", "A", Map.of("x", s("lost")), 0), "expected version 0 = must not exist");
            assertTrue(t.replace("P", "A", Map.of("x", s("2")), 1));
            assertFalse(t.replace("P", "A", Map.of("x", s("stale")), 1), "a stale version must be refused");
            Item i = t.get("P", "A").orElseThrow();
            assertEquals("2", i.str("x"));
            assertEquals(2, i.version());
        });
    }

    @ParameterizedTest
    @EnumSource(StateBackend.class)
    void setUpdatesOnlyAnExistingItemAndBumpsItsVersion(StateBackend backend) {
        withTable(backend, t -> {
            assertThrows(ConditionalCheckFailedException.class, () -> t.set("P", "missing", Map.of("x", s("1"))));
            assertTrue(t.get("P", "missing").isEmpty(), "a refused set must not create the item");
            t.putNew("P", "A", Map.of("x", s("1"), "keep", s("k")));
            Item after = t.set("P", "A", Map.of("x", s("2"), "y", n(7)));
            assertEquals("2", after.str("x"));
            assertEquals(7, after.num("y", -1));
            assertEquals("k", after.str("keep"), "set returns the whole item (ALL_NEW)");
            assertEquals(2, after.version());
        });
    }

    @ParameterizedTest
    @EnumSource(StateBackend.class)
    void addCreatesTheCounterAndReturnsTheRunningTotal(StateBackend backend) {
        withTable(backend, t -> {
            assertEquals(1, t.add("P", "COUNTER", "done", 1), "ADD on a missing item starts at 0");
            assertEquals(3, t.add("P", "COUNTER", "done", 2));
            assertEquals(3, t.get("P", "COUNTER").orElseThrow().num("done", -1));
        });
    }

    @ParameterizedTest
    @EnumSource(StateBackend.class)
    void addCountsAtomicallyUnderConcurrency(StateBackend backend) throws Exception {
        // DynamoDB applies each UpdateItem atomically; moto_server does not serialize concurrent updates of one
        // item (measured: 99 distinct totals from 100 concurrent ADDs), so this property is checked on the
        // embedded store only
        Assumptions.assumeTrue(backend != StateBackend.MOTO,
                "moto_server does not make concurrent UpdateItem ADDs atomic; DynamoDB and the embedded store do");
        StateTable t = backend.newTable();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Set<Long> seen = ConcurrentHashMap.newKeySet();
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        seen.add(t.add("P", "COUNTER", "done", 1));
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            assertEquals(100, seen.size(), "every ADD must return a distinct running total");
            assertEquals(100, t.get("P", "COUNTER").orElseThrow().num("done", -1));
            assertEquals(105, t.add("P", "COUNTER", "done", 5));
        } finally {
            pool.shutdownNow();
            t.client().close();
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackend.class)
    void queryByPrefixReturnsExactlyThePrefixInOrderAcrossPages(StateBackend backend) {
        withTable(backend, t -> {
            String big = "x".repeat(60 * 1024); // 40 items of 60 KB: 2.4 MB, more than two 1 MB result pages
            for (int i = 39; i >= 0; i--) {
                t.putNew("TASK#q", String.format("CHUNK#db.a#%06d", i), Map.of("doc", s(big)));
            }
            t.putNew("TASK#q", "CHUNK#db.ab#000000", Map.of("doc", s("other table")));
            t.putNew("TASK#q", "CHUNK#db.a", Map.of("doc", s("shorter than the prefix")));
            t.putNew("TASK#q", "CHUNKSDONE#db.a", Map.of("doc", s("counter")));
            t.putNew("TASK#other", "CHUNK#db.a#000000", Map.of("doc", s("other task")));
            List<Item> items = t.query("TASK#q", "CHUNK#db.a#");
            assertEquals(40, items.size());
            for (int i = 0; i < 40; i++) {
                assertEquals(String.format("CHUNK#db.a#%06d", i), items.get(i).sk());
                assertEquals(big.length(), items.get(i).str("doc").length());
            }
            assertEquals(42, t.query("TASK#q", "CHUNK#").size());
            assertEquals(43, t.query("TASK#q", "").size(), "an empty prefix is the whole partition");
        });
    }

    /**
     * Regression: {@code query(pk, "")} (Tasks.list, so 'sluice list --aws') sent {@code begins_with(sk, "")},
     * which DynamoDB refuses ("The AttributeValue for a key attribute cannot contain an empty string value");
     * the embedded store accepted it (now it refuses it too). Seen failing on moto_server before the fix.
     */
    @ParameterizedTest
    @EnumSource(StateBackend.class)
    void emptyPrefixQueryIsAcceptedAsTheWholePartition(StateBackend backend) {
        withTable(backend, t -> {
            t.putNew("TASKS", "2026-01-01T00:00:00Z#a", Map.of());
            t.putNew("TASKS", "2026-01-02T00:00:00Z#b", Map.of());
            t.putNew("TASK#a", "META", Map.of());
            assertEquals(List.of("2026-01-01T00:00:00Z#a", "2026-01-02T00:00:00Z#b"),
                    t.query("TASKS", "").stream().map(Item::sk).toList());
            assertEquals(0, t.query("TASK#none", "").size());
        });
    }

    @ParameterizedTest
    @EnumSource(StateBackend.class)
    void deleteRemovesTheItemAndToleratesAMissingOne(StateBackend backend) {
        withTable(backend, t -> {
            t.putNew("P", "A", Map.of());
            t.delete("P", "A");
            t.delete("P", "A");
            assertTrue(t.get("P", "A").isEmpty());
        });
    }

    @ParameterizedTest
    @EnumSource(StateBackend.class)
    void taskCreationWritesTheTaskAndItsListingTogether(StateBackend backend) {
        withTable(backend, t -> {
            Tasks tasks = new Tasks(t);
            TaskRecord a = tasks.create(spec("alpha"));
            TaskRecord b = tasks.create(spec("beta"));
            assertEquals(List.of(b.id(), a.id()), tasks.list().stream().map(TaskRecord::id).toList(),
                    "list: newest first");
            assertEquals(TaskStatus.CREATED, tasks.require(a.id()).status());
            TaskRecord running = tasks.setStatus(a.id(), TaskStatus.RUNNING, null);
            assertEquals(TaskStatus.RUNNING, running.status());
            assertEquals(a.version() + 1, running.version());
        });
    }

    /** Regression: finished tasks stayed in the state table forever; TaskExpiry sets the TTL attribute. */
    @ParameterizedTest
    @EnumSource(StateBackend.class)
    void expiryMarksEveryItemOfTheTaskAndItsListing(StateBackend backend) {
        withTable(backend, t -> {
            Tasks tasks = new Tasks(t);
            TaskRecord task = tasks.create(spec("done"));
            TaskRecord other = tasks.create(spec("other"));
            TaskDocuments docs = new TaskDocuments(t);
            docs.put(task.id(), "PRECHECK", Map.of("passed", true));
            t.putNew(Tasks.pk(task.id()), "CHUNK#db.t#000000", Map.of("status", s("DONE")));
            Instant now = Instant.parse("2026-01-01T00:00:00Z");
            int marked = new TaskExpiry(t).expire(tasks.require(task.id()), Duration.ofDays(30), now);
            long expected = now.plus(Duration.ofDays(30)).getEpochSecond();
            List<Item> items = t.query(Tasks.pk(task.id()), "");
            assertEquals(3, items.size());
            assertEquals(4, marked, "three task items plus the listing item");
            for (Item i : items) {
                assertEquals(expected, i.num(TaskExpiry.ATTRIBUTE, -1), i.sk());
            }
            List<Item> listing = t.query("TASKS", "");
            assertEquals(2, listing.size());
            for (Item i : listing) {
                boolean mine = i.str("taskId").equals(task.id());
                assertEquals(mine ? expected : -1, i.num(TaskExpiry.ATTRIBUTE, -1), i.sk());
            }
            assertFalse(t.get(Tasks.pk(other.id()), Tasks.META).orElseThrow().has(TaskExpiry.ATTRIBUTE));
            assertThrows(IllegalArgumentException.class,
                    () -> new TaskExpiry(t).expire(task, Duration.ZERO, now));
        });
    }

    private static TaskSpec spec(String name) {
        EndpointSpec e = new EndpointSpec("127.0.0.1", 3306, "u", "env:SLUICE_TEST_PW", TlsMode.PREFERRED, 5);
        return new TaskSpec(name, e, e, EnumSet.of(MigrationType.FULL),
                List.of(new ObjectSelection("db", null, null, null)),
                new NameMapping(Map.of(), Map.of(), Map.of()), null, null);
    }
}
