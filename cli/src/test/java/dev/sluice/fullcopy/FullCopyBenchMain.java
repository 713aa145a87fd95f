package dev.sluice.fullcopy;

import dev.sluice.dynamodb.EmbeddedDynamoDb;
import dev.sluice.schema.SchemaMigrator;
import dev.sluice.schema.TaskSchemaStore;
import dev.sluice.state.Phase;
import dev.sluice.state.StateBeans;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.Tasks;
import dev.sluice.task.EndpointSpec;
import dev.sluice.task.MigrationType;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.TlsMode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Sluice side of {@code bench/fullcopy.sh}: runs a task's schema and full-copy phases between two servers
 * through the real code — schema create (tables with their primary keys; secondary indexes deferred, as a task does
 * by default), planner, chunk ledger (in-memory embedded DynamoDB), N copy worker threads, schema finish (the
 * deferred indexes, built in parallel) — and prints the time of each phase, rows/s, JVM CPU and peak heap.
 * With {@code SLUICE_BENCH_COPY_ONLY=1} it skips both schema phases and copies into tables the caller created.
 * Args: srcHost srcPort dstHost dstPort passwordFile database threads [chunkRows].
 */
public final class FullCopyBenchMain {
    private FullCopyBenchMain() {
    }

    public static void main(String[] a) throws Exception {
        long mainAt = System.currentTimeMillis();
        String pw = "file:" + a[4];
        EndpointSpec src = new EndpointSpec(a[0], Integer.parseInt(a[1]), "root", pw, TlsMode.DISABLED, null);
        EndpointSpec dst = new EndpointSpec(a[2], Integer.parseInt(a[3]), "root", pw, TlsMode.DISABLED, null);
        int threads = Integer.parseInt(a[6]);
        long chunkRows = a.length > 7 ? Long.parseLong(a[7]) : 50_000;
        TaskSpec spec = new TaskSpec("bench", src, dst, Set.of(MigrationType.FULL),
                List.of(new ObjectSelection(a[5], null, null, null)), null, null,
                new TaskOptions(null, null, null,
                        new TaskOptions.FullCopyOptions(threads, chunkRows, null, 3600, null), null, null));
        try (EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.start(null, "127.0.0.1", 0)) {
            StateTable table = new StateTable(StateBeans.dynamoDb(Optional.of(dynamo.endpoint().toString()),
                    "us-east-1"), "bench");
            table.ensureExists();
            Tasks tasks = new Tasks(table);
            TaskDocuments docs = new TaskDocuments(table);
            TaskRecord task = tasks.create(spec);
            tasks.setPhase(task.id(), Phase.FULL_COPY);
            boolean schema = !"1".equals(System.getenv("SLUICE_BENCH_COPY_ONLY"));
            long readyAt = System.currentTimeMillis();
            long s0 = System.nanoTime();
            if (schema) {
                new SchemaMigrator(new TaskSchemaStore(docs, task.id())).create(spec);
            }
            long t0 = System.nanoTime();
            PlanResult plan = new FullCopyPlanner(table, docs).plan(task.id(), spec);
            long t1 = System.nanoTime();
            FullCopyScenario.runWorkers(table, docs, tasks, task, threads, FullCopyWorker.DEFAULT_LEASE_MILLIS);
            long t2 = System.nanoTime();
            if (schema) {
                new SchemaMigrator(new TaskSchemaStore(docs, task.id())).finish(spec);
            }
            long t3 = System.nanoTime();
            CopyProgress p = CopyProgress.read(table, docs, task.id());
            long peak = 0;
            for (MemoryPoolMXBean m : ManagementFactory.getMemoryPoolMXBeans()) {
                if (m.getType() == MemoryType.HEAP) {
                    peak += m.getPeakUsage().getUsed();
                }
            }
            double secs = (t3 - s0) / 1e9;
            System.out.print(p.toTable());
            System.out.printf("SLUICE method=%s chunks=%d schema_ms=%d plan_ms=%d copy_ms=%d index_ms=%d wall_s=%.2f "
                            + "rows=%d rows_per_s=%.0f "
                            + "peak_heap_mb=%d max_heap_mb=%d jvm_start_to_main_ms=%d state_store_ready_ms=%d "
                            + "jvm_cpu_s=%.1f%n",
                    WriteMethod.configured(), plan.chunks(), (t0 - s0) / 1_000_000,
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, secs, p.rowsCopied(), p.rowsCopied() / secs,
                    peak >> 20, Runtime.getRuntime().maxMemory() >> 20,
                    mainAt - ManagementFactory.getRuntimeMXBean().getStartTime(), readyAt - mainAt,
                    ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                            .getProcessCpuTime() / 1e9);
            table.client().close();
        }
    }
}
