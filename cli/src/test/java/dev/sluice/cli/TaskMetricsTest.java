package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.fullcopy.ChunkLedger;
import dev.sluice.fullcopy.Claim;
import dev.sluice.handler.FunctionCatalog;
import dev.sluice.incremental.StateTableReplicationState;
import dev.sluice.local.LocalPlatform;
import dev.sluice.local.SluiceHome;
import dev.sluice.state.LatencyHistogram;
import dev.sluice.state.ReplicationStatus;
import dev.sluice.state.TaskRecord;
import dev.sluice.table.Chunk;
import dev.sluice.table.TableRef;
import dev.sluice.testing.PrometheusText;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of 'sluice serve' parsed by the Prometheus client's parser: the apply-batch latency histogram the
 * replicator keeps in the state table (cumulative buckets in seconds, count and sum), and the rows streamed into a
 * running chunk. The platform is the real local one (embedded store, workflow runner); no database is needed.
 */
class TaskMetricsTest {
    @TempDir
    Path dir;

    @Test
    void scrapeHasTheApplyBatchHistogramAndTheRowsOfARunningChunk() throws Exception {
        LocalPlatform p = LocalPlatform.start(SluiceHome.resolve(dir.resolve("home").toString()), 0,
                FunctionCatalog.of());
        try {
            TaskRecord t = p.control().tasks().create(StatusPrinterTest.SPEC);
            Long[] counts = new Long[LatencyHistogram.BOUNDS_MILLIS.length + 1];
            Arrays.fill(counts, 0L);
            counts[LatencyHistogram.bucket(4)] = 3L;    // le 5 ms
            counts[LatencyHistogram.bucket(90)] = 2L;   // le 100 ms
            counts[counts.length - 1] = 1L;             // above 60 s
            LatencyHistogram h = new LatencyHistogram(List.of(counts), 6, 3 * 4 + 2 * 90 + 61_000);
            ReplicationStatus st = new ReplicationStatus("binlog.000001", 4, 0, null, Instant.now(), 0, true, 6, 6,
                    0, 0, null, null, null, Instant.now()).withApplyBatchMillis(h);
            p.control().documents().put(t.id(), StateTableReplicationState.CHECKPOINT, st);
            ChunkLedger ledger = new ChunkLedger(p.stateTable(), t.id());
            Chunk c = new Chunk(new TableRef("shop", "big"), 1, null, null, 50_000, true);
            ledger.plan(c);
            Claim claim = ledger.claim(c, "slot0@test", 60_000).orElseThrow();
            ledger.renew(claim, 60_000, 1_234, 56_789).orElseThrow();

            Map<String, Double> m = PrometheusText.parse(new TaskMetrics(p, new TaskExecutions(p)).scrape(), dir);
            String task = "task=" + t.id();
            String b = "sluice_replication_apply_batch_seconds_bucket{le=";
            assertEquals(0.0, m.get(b + "0.0025," + task + "}"), m.toString());
            assertEquals(3.0, m.get(b + "0.005," + task + "}"), m.toString());
            assertEquals(3.0, m.get(b + "0.05," + task + "}"));
            assertEquals(5.0, m.get(b + "0.1," + task + "}"), "cumulative");
            assertEquals(5.0, m.get(b + "60.0," + task + "}"));
            assertEquals(6.0, m.get(b + "+Inf," + task + "}"));
            assertEquals(6.0, m.get("sluice_replication_apply_batch_seconds_count{" + task + "}"));
            assertEquals(61.192, m.get("sluice_replication_apply_batch_seconds_sum{" + task + "}"), 1e-9);
            assertEquals(1_234.0, m.get("sluice_copy_rows_in_flight{" + task + "}"), m.toString());
            assertEquals(0.0, m.get("sluice_copy_rows_total{" + task + "}"), "nothing committed yet");
            assertEquals(0.0, m.get("sluice_copy_chunks_done{" + task + "}"));
            assertEquals(1.0, m.get("sluice_copy_chunks{" + task + "}"));
        } finally {
            p.close();
        }
    }
}
