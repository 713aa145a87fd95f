package dev.sluice.fullcopy;

import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.db.Sql;
import dev.sluice.table.TableRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A consistent snapshot of one source table together with the binlog position it corresponds to (what mydumper
 * does per dump, here per table): a second session takes {@code LOCK TABLES t READ}, which waits until no
 * transaction that wrote {@code t} is still running and blocks new writes; while it holds the lock the copy session
 * opens {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} and the lock session reads the binlog end. Every
 * transaction that changed {@code t} before that position is in the snapshot (a commit is in the binlog before it
 * is visible, and all of them have finished), every later one is not (it committed after the snapshot was taken).
 * The lock is held for three statements.
 */
final class SnapshotRead {
    /** How long the lock session waits for running transactions on the table (seconds). */
    static final int LOCK_WAIT_SECONDS = 120;

    private SnapshotRead() {
    }

    /** Opens the snapshot transaction on {@code copy}; returns its binlog position. End it with {@link #end}. */
    static BinlogPosition begin(Connection copy, Connection lock, TableRef table) throws SQLException {
        try (Statement ls = lock.createStatement(); Statement cs = copy.createStatement()) {
            ls.execute("SET SESSION lock_wait_timeout = " + LOCK_WAIT_SECONDS);
            try {
                ls.execute("LOCK TABLES " + Sql.id(table.database(), table.table()) + " READ");
            } catch (SQLException e) {
                throw new SQLException("cannot lock source table " + table + " for the consistent snapshot its "
                        + "copy needs (" + e.getMessage() + "); grant the source account LOCK TABLES on "
                        + Sql.id(table.database()) + ".* and resume (a long transaction on the table also "
                        + "keeps the lock waiting)", e.getSQLState(), e.getErrorCode(), e);
            }
            try {
                cs.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                cs.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
                return BinlogPosition.current(lock, ServerInfo.of(lock));
            } finally {
                ls.execute("UNLOCK TABLES");
            }
        }
    }

    /** Ends the snapshot transaction (it only read). */
    static void end(Connection copy) {
        try (Statement cs = copy.createStatement()) {
            cs.execute("COMMIT");
        } catch (SQLException ignored) {
            // a read-only transaction; the connection is closed on error anyway
        }
    }
}
