package dev.sluice.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.db.SourceColumns;
import dev.sluice.incremental.StateTableReplicationState;
import dev.sluice.state.LatencyHistogram;
import dev.sluice.state.ReplicationStatus;
import dev.sluice.state.StateBackend;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskItem;
import dev.sluice.state.Tasks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replicator's CloudWatch metrics on Lambda: embedded-metric-format lines (the namespace, metric and dimensions
 * the SAM template's delay alarm names, plus the counts and apply-batch latency of the minute), at most one a
 * minute and one when the slice ends; and the wrapper passes every state call through.
 */
class ReplicationMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void lineIsEmbeddedMetricFormatWithTheAlarmsDimensions() throws Exception {
        JsonNode n = JSON.readTree(EmbeddedMetrics.line("sluice-prod", "shop-1a2b3c4d",
                ReplicationMetrics.of(status(12.5, false, 10, 4, 1, hist(3, 2)), null),
                Instant.parse("2026-01-01T00:00:00Z")));
        JsonNode d = n.at("/_aws/CloudWatchMetrics/0");
        assertEquals(1767225600000L, n.at("/_aws/Timestamp").asLong());
        assertEquals("Sluice", d.get("Namespace").asText());
        assertEquals("[[\"Stack\"],[\"Stack\",\"TaskId\"]]", d.get("Dimensions").toString());
        assertEquals("ReplicationDelaySeconds", d.at("/Metrics/0/Name").asText());
        assertEquals("Seconds", d.at("/Metrics/0/Unit").asText());
        assertEquals("sluice-prod", n.get("Stack").asText());
        assertEquals("shop-1a2b3c4d", n.get("TaskId").asText());
        assertEquals(12.5, n.get("ReplicationDelaySeconds").asDouble());
        // every metric the directive names is a member of the line, with a number or an array of at most 100
        List<String> names = new ArrayList<>();
        for (JsonNode m : d.get("Metrics")) {
            names.add(m.get("Name").asText());
            JsonNode v = n.get(m.get("Name").asText());
            assertTrue(v != null && (v.isNumber() || (v.isArray() && v.size() <= 100)), m + " -> " + v);
        }
        assertEquals(List.of("ReplicationDelaySeconds", "RowsApplied", "TransactionsApplied", "Inserts", "Updates",
                "Deletes", "DdlApplied", "BinlogConnections", "ApplyBatches", "ApplyBatchMillisMean",
                "ApplyBatchMillis"), names);
        assertEquals(10, n.get("RowsApplied").asLong());
        assertEquals(4, n.get("TransactionsApplied").asLong());
        assertEquals(1, n.get("BinlogConnections").asLong());
        assertEquals(5, n.get("ApplyBatches").asLong());
        assertEquals("[5.0,5.0,5.0,100.0,100.0]", n.get("ApplyBatchMillis").toString(),
                "3 batches in the 5 ms bucket, 2 in the 100 ms bucket");
        assertEquals((3 * 4.0 + 2 * 90.0) / 5, n.get("ApplyBatchMillisMean").asDouble(), 1e-9);
    }

    @Test
    void manyBatchesStayWithinTheHundredValuesOfAnEmfArray() {
        LatencyHistogram h = hist(5_000, 20);
        double[] v = ReplicationMetrics.bucketValues(h, LatencyHistogram.EMPTY);
        assertTrue(v.length <= ReplicationMetrics.MAX_VALUES, "values: " + v.length);
        long slow = java.util.Arrays.stream(v).filter(x -> x == 100.0).count();
        assertTrue(slow >= 1, "the rare slow bucket is kept");
        assertTrue(v.length - slow > 80, "the common bucket dominates: " + (v.length - slow));
    }

    @Test
    void mirrorStoresTheCheckpointEmitsAtMostOnceAMinuteAndTheRestAtTheEnd() throws Exception {
        StateTable table = StateBackend.EMBEDDED.newTable();
        try {
            TaskDocuments docs = new TaskDocuments(table);
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            var metric = new ReplicationMetrics(new StateTableReplicationState("t1", new Tasks(table), docs, table),
                    new EmbeddedMetrics("stk", new PrintStream(buf, true, StandardCharsets.UTF_8)), "t1");
            metric.mirror(status(42.0, false, 5, 2, 1, hist(1, 0)));
            metric.mirror(status(43.0, false, 8, 3, 1, hist(2, 0)));
            String[] lines = buf.toString(StandardCharsets.UTF_8).strip().split("\n");
            assertEquals(1, lines.length, "two mirrors within a minute: one metric line");
            assertEquals(42.0, JSON.readTree(lines[0]).get("ReplicationDelaySeconds").asDouble());
            assertEquals(5, JSON.readTree(lines[0]).get("RowsApplied").asLong());
            assertEquals(43.0, docs.get("t1", StateTableReplicationState.CHECKPOINT, ReplicationStatus.class)
                    .orElseThrow().delaySeconds(), "every mirror still reaches the state table");
            assertTrue(lines[0].startsWith("{\"_aws\""));
            metric.flush();
            lines = buf.toString(StandardCharsets.UTF_8).strip().split("\n");
            assertEquals(2, lines.length, "the slice's end writes what the last minute did");
            JsonNode last = JSON.readTree(lines[1]);
            assertEquals(3, last.get("RowsApplied").asLong(), "rows since the previous line");
            assertEquals(0, last.get("BinlogConnections").asLong(), "the connection was counted on the first line");
            assertEquals(1, last.get("ApplyBatches").asLong());
            metric.flush();
            assertEquals(2, buf.toString(StandardCharsets.UTF_8).strip().split("\n").length, "nothing new");
        } finally {
            table.client().close();
        }
    }

    /**
     * Regression: on Lambda the metric wrapper of the replicator's state (then ReplicationDelayMetric) did not pass
     * handoffColumns, uniqueKeysAfterReplay and uniqueKeysBuilt through, so the interface's defaults answered:
     * unique keys deferred past the replay were never built on AWS, and the hand-off columns were not read.
     */
    @Test
    void everyStateCallReachesTheWrappedStateOnLambda() {
        StateTable table = StateBackend.EMBEDDED.newTable();
        try {
            TaskDocuments docs = new TaskDocuments(table);
            docs.put("t1", TaskItem.SCHEMA_AFTER_REPLAY.sk(), Map.of("statements",
                    List.of("ALTER TABLE `d`.`t` ADD UNIQUE KEY `u` (`v`)")));
            docs.put("t1", TaskItem.HANDOFF_SCHEMA.sk(), new SourceColumns.Snapshot("binlog.000001", 4, Map.of()));
            var metric = new ReplicationMetrics(new StateTableReplicationState("t1", new Tasks(table), docs, table),
                    new EmbeddedMetrics("stk", new PrintStream(new ByteArrayOutputStream())), "t1");
            assertEquals(List.of("ALTER TABLE `d`.`t` ADD UNIQUE KEY `u` (`v`)"), metric.uniqueKeysAfterReplay());
            assertEquals("binlog.000001", metric.handoffColumns().orElseThrow().file());
            metric.uniqueKeysBuilt();
            assertEquals(List.of(), metric.uniqueKeysAfterReplay(), "uniqueKeysBuilt reached the state table");
        } finally {
            table.client().close();
        }
    }

    /** {@code fast} batches of 4 ms and {@code slow} ones of 90 ms. */
    private static LatencyHistogram hist(int fast, int slow) {
        Long[] c = new Long[LatencyHistogram.BOUNDS_MILLIS.length + 1];
        java.util.Arrays.fill(c, 0L);
        c[LatencyHistogram.bucket(4)] = (long) fast;
        c[LatencyHistogram.bucket(90)] = (long) slow;
        return new LatencyHistogram(List.of(c), fast + slow, fast * 4.0 + slow * 90.0);
    }

    private static ReplicationStatus status(double delay, boolean caughtUp, long rows, long tx, long connections,
                                            LatencyHistogram h) {
        return new ReplicationStatus("binlog.000001", 4, 0, null, Instant.now(), delay, caughtUp, tx, rows, 0, 0,
                null, null, null, Instant.now()).withTables(Map.of("d.t",
                new ReplicationStatus.Counts(rows, 0, 0, 0))).withApplyBatchMillis(h);
    }
}
