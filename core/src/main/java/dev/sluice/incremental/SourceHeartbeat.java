package dev.sluice.incremental;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes {@code sluice_meta.heartbeat (id, ts)} on the source every interval (like DTS's heartbeat table), so the
 * binlog carries a precise, frequent timestamp even when the application writes nothing and the replicator can
 * measure its delay end to end. The row id is the reader's server_id, so several tasks can share the table.
 */
final class SourceHeartbeat implements AutoCloseable {
    static final String DB = "sluice_meta";
    static final String TABLE = "heartbeat";

    private final Connection connection;
    private final long id;
    private final long intervalMillis;
    private final Thread thread;
    private volatile boolean running = true;

    private SourceHeartbeat(Connection connection, long id, long intervalMillis) {
        this.connection = connection;
        this.id = id;
        this.intervalMillis = intervalMillis;
        this.thread = new Thread(this::loop, "sluice-heartbeat");
        this.thread.setDaemon(true);
    }

    /** Creates the table if needed and starts beating; throws when the account may not write it. */
    static SourceHeartbeat start(Connection connection, long id, long intervalMillis) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + DB);
            st.execute("CREATE TABLE IF NOT EXISTS " + DB + "." + TABLE
                    + " (id BIGINT NOT NULL PRIMARY KEY, ts DATETIME(6) NOT NULL) ENGINE=InnoDB");
            beat(st, id);
        }
        SourceHeartbeat h = new SourceHeartbeat(connection, id, intervalMillis);
        h.thread.start();
        return h;
    }

    private static void beat(Statement st, long id) throws SQLException {
        st.executeUpdate("REPLACE INTO " + DB + "." + TABLE + " (id, ts) VALUES (" + id + ", UTC_TIMESTAMP(6))");
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(intervalMillis);
                try (Statement st = connection.createStatement()) {
                    beat(st, id);
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                // a missed beat only makes the delay coarser; the next one retries
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
            connection.close();
        } catch (InterruptedException | SQLException ignored) {
            // closing anyway
        }
    }
}
