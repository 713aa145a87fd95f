package dev.sluice.incremental;

import dev.sluice.binlog.BinlogCoordinate;
import dev.sluice.db.BinlogPosition;
import dev.sluice.db.Endpoints;
import dev.sluice.db.ServerInfo;
import dev.sluice.state.ReplicationStatus;
import dev.sluice.task.EndpointSpec;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskOptions.IncrementalOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.TlsMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark driver for bench/incremental.sh (not a test): replicates one database from a GTID set with an
 * embedded state store and prints machine-readable results.
 * <ul>
 * <li>{@code catchup <src host:port> <dst host:port> <password file> <db> <gtid set>}: applies the backlog up to
 * the source position at start; prints {@code CATCHUP_SECONDS}, {@code TRANSACTIONS}, {@code ROWS}.</li>
 * <li>{@code steady ... <stop file>}: replicates until the stop file appears; prints {@code READY} once running
 * and then heartbeat delay percentiles {@code DELAY_P50_MS}, {@code DELAY_P99_MS}, {@code DELAY_MAX_MS}.</li>
 * </ul>
 */
public final class IncrementalBenchMain {
    private IncrementalBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        EndpointSpec src = endpoint(args[1], args[3]);
        EndpointSpec dst = endpoint(args[2], args[3]);
        String db = args[4];
        String gtid = args[5];
        Path dir = Files.createTempDirectory("sluice-bench-state");
        try (StateFixture state = new StateFixture(dir.resolve("dynamo"))) {
            TaskSpec spec = new TaskSpec("bench", src, dst, Set.of(MigrationType.INCREMENTAL),
                    List.of(new ObjectSelection(db, null, null, null)), NameMapping.NONE, null,
                    new TaskOptions(null, null, null, null,
                            new IncrementalOptions(gtid, null, null, null, true, null, null), null));
            String taskId = state.createTask(spec);
            ReplicatorConfig config = ReplicatorConfig.of(taskId, spec.options().incremental())
                    .withSlice(Duration.ofHours(1));
            Replicator r = new Replicator(taskId, spec, state.state(taskId), config);
            AtomicReference<Throwable> error = new AtomicReference<>();
            long t0 = System.nanoTime();
            Thread runner = new Thread(() -> {
                try {
                    r.runSlice();
                } catch (Throwable t) {
                    error.set(t);
                }
            }, "replicator");
            runner.start();
            if (mode.equals("catchup")) {
                BinlogCoordinate target;
                try (Connection c = Endpoints.open(src)) {
                    BinlogPosition p = BinlogPosition.current(c, ServerInfo.of(c));
                    target = new BinlogCoordinate(p.file(), p.position(), 0);
                }
                while (true) {
                    ReplicationStatus st = r.status();
                    if (!new BinlogCoordinate(st.file(), st.position(), st.rowIndex()).isBefore(target)) {
                        long t1 = System.nanoTime();
                        System.out.printf("CATCHUP_SECONDS=%.2f%nAPPLY_SECONDS=%.2f%nTRANSACTIONS=%d%nROWS=%d%n"
                                        + "JVM_CPU_SECONDS=%.1f%n",
                                (t1 - t0) / 1e9, (t1 - r.openedNanos()) / 1e9, st.transactions(), st.rows(),
                                ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                                        .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9);
                        break;
                    }
                    if (!runner.isAlive()) {
                        throw new IllegalStateException("replicator ended", error.get());
                    }
                    Thread.sleep(20);
                }
            } else {
                Path stopFile = Path.of(args[6]);
                Thread.sleep(3000);
                r.resetDelays();
                System.out.println("READY");
                System.out.flush();
                while (!Files.exists(stopFile)) {
                    if (!runner.isAlive()) {
                        throw new IllegalStateException("replicator ended", error.get());
                    }
                    Thread.sleep(100);
                }
                System.out.printf("DELAY_P50_MS=%d%nDELAY_P99_MS=%d%nDELAY_MAX_MS=%d%nSAMPLES=%d%n",
                        r.delayPercentileMillis(50), r.delayPercentileMillis(99), r.delayPercentileMillis(100),
                        r.delaySampleCount());
            }
            state.tasks.requestStop(taskId);
            runner.join(60_000);
            if (error.get() != null) {
                throw new IllegalStateException("replication failed", error.get());
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        System.exit(0);
    }

    private static EndpointSpec endpoint(String hostPort, String passwordFile) {
        String[] hp = hostPort.split(":");
        return new EndpointSpec(hp[0], Integer.parseInt(hp[1]), "root", "file:" + passwordFile, TlsMode.DISABLED, 10);
    }
}
