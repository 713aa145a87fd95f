package dev.sluice.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.incremental.StateTableReplicationState;
import dev.sluice.state.ReplicationStatus;
import dev.sluice.state.StateBackend;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The replication-delay metric the SAM template alarms on: a CloudWatch embedded-metric-format line per mirror (at
 * most one a minute), with the namespace, metric and dimensions the alarm names, and the state still mirrored.
 */
class ReplicationDelayMetricTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void lineIsEmbeddedMetricFormatWithTheAlarmsDimensions() throws Exception {
        JsonNode n = JSON.readTree(ReplicationDelayMetric.line("sluice-prod", "shop-1a2b3c4d", 12.5,
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
    }

    @Test
    void mirrorStoresTheCheckpointAndEmitsAtMostOnceAMinute() throws Exception {
        StateTable table = StateBackend.EMBEDDED.newTable();
        try {
            TaskDocuments docs = new TaskDocuments(table);
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            var metric = new ReplicationDelayMetric(
                    new StateTableReplicationState("t1", new Tasks(table), docs, table), "stk", "t1",
                    new PrintStream(buf, true, StandardCharsets.UTF_8));
            metric.mirror(status(42.0, false));
            metric.mirror(status(43.0, false));
            String[] lines = buf.toString(StandardCharsets.UTF_8).strip().split("\n");
            assertEquals(1, lines.length, "two mirrors within a minute: one metric line");
            assertEquals(42.0, JSON.readTree(lines[0]).get("ReplicationDelaySeconds").asDouble());
            assertEquals(43.0, docs.get("t1", StateTableReplicationState.CHECKPOINT, ReplicationStatus.class)
                    .orElseThrow().delaySeconds(), "every mirror still reaches the state table");
            assertTrue(lines[0].startsWith("{\"_aws\""));
        } finally {
            table.client().close();
        }
    }

    private static ReplicationStatus status(double delay, boolean caughtUp) {
        return new ReplicationStatus("binlog.000001", 4, 0, null, Instant.now(), delay, caughtUp, 1, 1, 0, 0,
                null, null, null, Instant.now());
    }
}
