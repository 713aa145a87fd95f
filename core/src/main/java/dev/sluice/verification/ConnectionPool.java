package dev.sluice.verification;

import dev.sluice.task.EndpointSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;

/** Idle source and destination connections shared by the chunk workers of one verification; closed at the end. */
final class ConnectionPool implements AutoCloseable {
    private final EndpointSpec source;
    private final EndpointSpec dest;
    private final LinkedBlockingDeque<Connection> idleSource = new LinkedBlockingDeque<>();
    private final LinkedBlockingDeque<Connection> idleDest = new LinkedBlockingDeque<>();
    private final List<Connection> all = new ArrayList<>();

    ConnectionPool(EndpointSpec source, EndpointSpec dest) {
        this.source = source;
        this.dest = dest;
    }

    Connection borrow(Side side) throws SQLException {
        LinkedBlockingDeque<Connection> idle = side == Side.SOURCE ? idleSource : idleDest;
        Connection c = idle.pollFirst();
        while (c != null && c.isClosed()) {
            c = idle.pollFirst();
        }
        if (c != null) {
            return c;
        }
        c = Sessions.open(side == Side.SOURCE ? source : dest);
        synchronized (all) {
            all.add(c);
        }
        return c;
    }

    /** Returns a connection; a broken one (after an error) is closed instead of kept. */
    void release(Side side, Connection c, boolean broken) {
        if (c == null) {
            return;
        }
        if (broken) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // it is being thrown away
            }
            return;
        }
        (side == Side.SOURCE ? idleSource : idleDest).addFirst(c);
    }

    @Override
    public void close() {
        synchronized (all) {
            for (Connection c : all) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing at the end of the run
                }
            }
            all.clear();
        }
    }
}
