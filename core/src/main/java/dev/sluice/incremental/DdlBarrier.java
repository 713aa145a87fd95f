package dev.sluice.incremental;

import dev.sluice.binlog.BinlogCoordinate;
import dev.sluice.db.Sql;
import dev.sluice.db.TouchedKeys;
import dev.sluice.settings.Settings;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectFilter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Applies one replicated DDL to the destination exactly once, as a barrier (every apply worker idle, every worker
 * checkpoint at the DDL), then moves every worker checkpoint past it. A DDL commits on its own, so it cannot share
 * a transaction with its checkpoint; instead (ADR 0043):
 * <ol>
 * <li>before it runs, the DDL row of the checkpoint table records its position and a digest of the destination
 * tables it touches (their SHOW CREATE TABLE, AUTO_INCREMENT left out), committed with the worker checkpoints;</li>
 * <li>RENAME TABLE also renames a marker table {@code sluice_meta.ddl_<task>_todo} to {@code ..._done} in the same
 * (atomic) statement, because a swap of two tables of equal shape leaves the digest unchanged;</li>
 * <li>after it, the checkpoints move past it and the mark is cleared in one transaction.</li>
 * </ol>
 * A restart that finds the mark at the DDL it reads again knows whether the DDL took effect: the marker table is
 * {@code _done}, or the digest differs from the recorded one. Then the DDL is not run again (a re-run would swap
 * renamed tables back, or fail as a RENAME COLUMN does with 1054). A DDL that changes nothing the digest sees (a
 * no-op ALTER, TRUNCATE of a table no row reached yet) is idempotent, so running it again is harmless.
 */
final class DdlBarrier {
    private static final Logger LOG = Logger.getLogger(DdlBarrier.class.getName());
    /** Destination errors that mean a DDL already took effect (routines and views, which have no digest). */
    private static final Set<Integer> ALREADY_APPLIED = Set.of(1050, 1051, 1060, 1061, 1091, 1146, 1304, 1305,
            1359, 1360, 1068, 1826, 1831, 4090);
    /**
     * Fault injection for tests: a process started with this property halts (as if killed with SIGKILL) right
     * after a DDL containing the property's value ran on the destination, before its checkpoint is written.
     */
    static final String CRASH_AFTER_DDL = Settings.TEST_CRASH_AFTER_DDL.property();

    private final Connection control;
    private final CheckpointStore checkpoints;
    private final NameMapping mapping;
    private final ObjectFilter filter;
    private final String marker;
    private Optional<CheckpointStore.PendingDdl> pending;

    /** The DDL's place in the stream: before it (with the GTIDs before it) and after it. */
    record Position(BinlogCoordinate at, String gtidBefore, BinlogCoordinate after, String gtidAfter,
                    long eventTime) {
    }

    DdlBarrier(String taskId, Connection control, CheckpointStore checkpoints, NameMapping mapping,
               ObjectFilter filter) throws SQLException {
        this.control = control;
        this.checkpoints = checkpoints;
        this.mapping = mapping;
        this.filter = filter;
        this.marker = CheckpointStore.SCHEMA + ".`ddl_" + digest(taskId).substring(0, 24);
        this.pending = checkpoints.pendingDdl(control);
    }

    /** Runs {@code rewritten} (the destination form of {@code ddl}) at {@code p} for {@code workers} workers. */
    void apply(DdlStatement ddl, String rewritten, String where, Position p, int workers) throws SQLException {
        boolean rename = ddl.kind() == DdlStatement.Kind.RENAME_TABLE;
        String shape = shape(ddl);
        boolean rerun = pending.isPresent() && pending.get().at().equals(p.at());
        if (rerun && (rename ? exists(marker + "_done`") : !shape.equals(pending.get().shapeBefore()))) {
            LOG.info("DDL from " + where + " took effect before the replicator stopped; not running it again: "
                    + rewritten);
        } else {
            String sql = rewritten;
            if (rename) {
                exec("DROP TABLE IF EXISTS " + marker + "_done`");
                exec("CREATE TABLE IF NOT EXISTS " + marker + "_todo` (n INT) ENGINE=InnoDB");
                sql = rewritten + ", " + marker + "_todo` TO " + marker + "_done`";
            }
            for (int i = 0; i < workers; i++) {
                checkpoints.write(control, new WorkerCheckpoint(i, workers, p.at(), p.gtidBefore(), p.eventTime()));
            }
            checkpoints.markDdl(control, p.at(), shape);
            control.commit();
            run(ddl, sql, rewritten, where, rerun);
            crashPoint(rewritten);
        }
        for (int i = 0; i < workers; i++) {
            checkpoints.write(control, new WorkerCheckpoint(i, workers, p.after(), p.gtidAfter(), p.eventTime()));
        }
        // a schema change since the last equal full verification: cutover compares every table whole
        new TouchedKeys(checkpoints.taskId(), 1, TouchedKeys.MAX_KEYS_PER_TABLE).recordAllTables(control);
        checkpoints.markDdl(control, null, null);
        control.commit();
        pending = Optional.empty();
        if (rename) {
            exec("DROP TABLE IF EXISTS " + marker + "_done`");
        }
    }

    /**
     * Builds the unique keys the schema phase left for after the replay window (every worker idle, the replay past
     * the horizon). A key that exists already (1061) was built before a restart. A duplicate now is a real
     * divergence: the task stops and says so.
     */
    void buildAfterReplay(List<String> statements) throws SQLException {
        for (String sql : statements) {
            try {
                exec(sql);
                LOG.info("built after the replay window: " + sql);
            } catch (SQLException e) {
                if (e.getErrorCode() == 1061) {
                    continue;
                }
                throw new DdlFailedException("the destination could not build a unique key after replication "
                        + "replayed past the full copy: " + sql + " — " + e.getMessage() + " (MySQL error "
                        + e.getErrorCode() + "). " + (e.getErrorCode() == 1062 ? "The destination holds rows the "
                        + "source does not (written on the destination directly, or a unique key that compares "
                        + "differently there: check its collation); remove the duplicate rows on the destination "
                        + "and resume, or restart the task from a full copy" : "Fix the cause and resume the task"),
                        e);
            }
        }
    }

    private void run(DdlStatement ddl, String sql, String rewritten, String where, boolean rerun)
            throws SQLException {
        try (Statement st = control.createStatement()) {
            String db = ddl.destinationDefaultDb(mapping);
            if (db != null) {
                try {
                    st.execute("USE " + Sql.id(db));
                } catch (SQLException e) {
                    // the database does not exist (yet) on the destination; qualified names still work
                }
            }
            st.execute(sql);
        } catch (SQLException e) {
            if (!(rerun && ALREADY_APPLIED.contains(e.getErrorCode()))) {
                throw new DdlFailedException("the destination refused DDL from " + where + ": " + rewritten + " — "
                        + e.getMessage() + " (MySQL error " + e.getErrorCode() + "). Make the destination able to "
                        + "take it (or apply an equivalent change by hand) and resume the task", e);
            }
        }
    }

    /** Digest of the destination tables the DDL touches, as they are now ("-" for a missing one). */
    private String shape(DdlStatement ddl) throws SQLException {
        StringBuilder sb = new StringBuilder();
        for (String[] t : ddl.touchedTables()) {
            if (t[0] == null || !filter.includesTable(t[0], t[1])) {
                continue;
            }
            String name = Sql.id(mapping.database(t[0]), mapping.table(t[0], t[1]));
            sb.append(name).append('=');
            try (Statement st = control.createStatement(); ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + name)) {
                sb.append(rs.next() ? rs.getString(2).replaceAll(" AUTO_INCREMENT=\\d+", "") : "-");
            } catch (SQLException e) {
                sb.append("-").append(e.getErrorCode()); // no such table or database
            }
            sb.append('\n');
        }
        control.commit();
        return digest(sb.toString());
    }

    private boolean exists(String qualifiedTable) throws SQLException {
        try (Statement st = control.createStatement()) {
            st.executeQuery("SELECT 1 FROM " + qualifiedTable + " LIMIT 0").close();
            return true;
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146) {
                return false;
            }
            throw e;
        } finally {
            control.commit();
        }
    }

    private void exec(String sql) throws SQLException {
        try (Statement st = control.createStatement()) {
            st.execute(sql);
        }
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void crashPoint(String sql) {
        String marker = Settings.TEST_CRASH_AFTER_DDL.string(null);
        if (marker != null && sql.contains(marker)) {
            LOG.severe("halting after DDL (" + CRASH_AFTER_DDL + "): " + sql);
            Runtime.getRuntime().halt(137);
        }
    }
}
