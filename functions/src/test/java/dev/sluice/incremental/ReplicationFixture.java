package dev.sluice.incremental;

import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.task.EndpointSpec;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskOptions.IncrementalOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.TlsMode;
import dev.sluice.testing.DbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Builds incremental-only tasks between two harness servers and waits for the replicator to catch up. */
final class ReplicationFixture {
    private ReplicationFixture() {
    }

    static EndpointSpec endpoint(DbServer server, Path passwordFile) {
        return new EndpointSpec(server.host(), server.port(), server.rootUser(), "file:" + passwordFile,
                TlsMode.DISABLED, 5);
    }

    static Path passwordFile(Path dir) throws Exception {
        Path p = dir.resolve("password");
        Files.writeString(p, DbServer.ROOT_PASSWORD);
        return p;
    }

    /** The source's current position as task start options (GTIDs when {@code gtid}, else file/position). */
    static IncrementalOptions startHere(DbServer source, boolean gtid) throws Exception {
        try (Connection c = source.connect()) {
            BinlogPosition p = BinlogPosition.current(c, ServerInfo.of(c));
            if (gtid) {
                return new IncrementalOptions(p.gtidSet() == null ? "" : p.gtidSet(), null, null, null, null, null,
                        null);
            }
            return new IncrementalOptions(null, p.file(), p.position(), null, null, null, null);
        }
    }

    static TaskSpec spec(String name, DbServer source, DbServer destination, Path password, String db,
                         NameMapping mapping, IncrementalOptions incremental) {
        return new TaskSpec(name, endpoint(source, password), endpoint(destination, password),
                Set.of(MigrationType.INCREMENTAL), List.of(new ObjectSelection(db, null, null, null)), mapping, null,
                new TaskOptions(null, null, null, null, incremental, null));
    }

    static ReplicatorConfig config(int workers, int batchRows, Duration slice) {
        return new ReplicatorConfig(workers, batchRows, 20, 5000, slice, ServerIds.forTask("test-" + System.nanoTime()),
                true, 200, false, 500);
    }

    /** Waits until the replicator has applied everything the source had logged when this was called. */
    static void awaitCaughtUp(DbServer source, Replicator replicator, Thread runner, Duration timeout,
                              java.util.concurrent.atomic.AtomicReference<Throwable> error) throws Exception {
        BinlogCoordinate target;
        try (Connection c = source.connect()) {
            BinlogPosition p = BinlogPosition.current(c, ServerInfo.of(c));
            target = new BinlogCoordinate(p.file(), p.position(), 0);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ReplicationStatus st = replicator.status();
            BinlogCoordinate at = new BinlogCoordinate(st.file(), st.position(), st.rowIndex());
            if (!at.isBefore(target)) {
                return;
            }
            if (!runner.isAlive()) {
                throw new AssertionError("the replicator ended before catching up to " + target.describe(),
                        error.get());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the replicator did not reach " + target.describe() + " within " + timeout
                + "; it is at " + replicator.status().file() + ":" + replicator.status().position());
    }
}
