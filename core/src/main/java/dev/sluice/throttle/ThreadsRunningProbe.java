package dev.sluice.throttle;

import dev.sluice.db.Endpoints;
import dev.sluice.task.EndpointSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@link LoadProbe} over one JDBC connection to the source that reads {@code SHOW GLOBAL STATUS LIKE
 * 'Threads_running'}; reconnects after an error.
 */
public final class ThreadsRunningProbe implements LoadProbe {
    private final EndpointSpec source;
    private Connection connection;

    public ThreadsRunningProbe(EndpointSpec source) {
        this.source = source;
    }

    @Override
    public synchronized long threadsRunning() throws SQLException {
        try {
            if (connection == null) {
                connection = Endpoints.open(source);
            }
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'Threads_running'")) {
                return rs.next() ? rs.getLong(2) : 0;
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the probe connection holds no state worth reporting
            }
            connection = null;
        }
    }
}
