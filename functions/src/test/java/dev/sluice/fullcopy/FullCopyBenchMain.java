package dev.sluice.fullcopy;

import dev.sluice.dynamodb.EmbeddedDynamoDb;
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
 * The Sluice side of {@code bench/fullcopy.sh}: plans and copies one database between two servers with N worker
 * threads through the real planner, ledger (in-memory embedded DynamoDB) and copier, and prints wall time, rows/s
 * and the JVM's peak heap. Args: srcHost srcPort dstHost dstPort passwordFile database threads [chunkRows].
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
            long t0 = System.nanoTime();
            long readyAt = System.currentTimeMillis();
            PlanResult plan = new FullCopyPlanner(table, docs).plan(task.id(), spec);
            long t1 = System.nanoTime();
            FullCopyScenario.runWorkers(table, docs, tasks, task, threads, FullCopyWorker.DEFAULT_LEASE_MILLIS);
            long t2 = System.nanoTime();
            CopyProgress p = CopyProgress.read(table, docs, task.id());
            long peak = 0;
            for (MemoryPoolMXBean m : ManagementFactory.getMemoryPoolMXBeans()) {
                if (m.getType() == MemoryType.HEAP) {
                    peak += m.getPeakUsage().getUsed();
                }
            }
            double secs = (t2 - t0) / 1e9;
            System.out.print(p.toTable());
            System.out.printf("SLUICE method=%s chunks=%d plan_ms=%d copy_ms=%d wall_s=%.2f rows=%d rows_per_s=%.0f "
                            + "peak_heap_mb=%d max_heap_mb=%d jvm_start_to_main_ms=%d state_store_ready_ms=%d%n",
                    WriteMethod.configured(), plan.chunks(),
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, secs, p.rowsCopied(), p.rowsCopied() / secs,
                    peak >> 20, Runtime.getRuntime().maxMemory() >> 20,
                    mainAt - ManagementFactory.getRuntimeMXBean().getStartTime(), readyAt - mainAt);
            table.client().close();
        }
    }
}
