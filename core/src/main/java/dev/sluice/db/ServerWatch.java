package dev.sluice.db;

import dev.sluice.task.EndpointSpec;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Bounds statements that may rightly run for hours (an index build, a replicated ALTER TABLE) by the server's
 * liveness rather than by their duration: while a watched connection is open, one thread per endpoint asks the
 * server {@code SELECT 1} on a side session (with the endpoint's read timeout) every {@link #intervalMillis}; when
 * the server does not answer in time (frozen, or the network silently dropped), every watched connection of that
 * endpoint is aborted, so the threads blocked in them get "Communications link failure" (retriable) instead of
 * hanging. A server that answers with an error (e.g. "Too many connections") is alive: nothing is aborted.
 */
public final class ServerWatch {
    private static final Logger LOG = Logger.getLogger(ServerWatch.class.getName());
    private static final Map<String, ServerWatch> WATCHES = new ConcurrentHashMap<>();

    private final EndpointSpec endpoint;
    private final Set<Connection> watched = ConcurrentHashMap.newKeySet();
    private boolean running;

    private ServerWatch(EndpointSpec endpoint) {
        this.endpoint = endpoint;
    }

    /** Watches {@code c} until it is closed; returns it. */
    static Connection watch(EndpointSpec endpoint, Connection c) {
        ServerWatch w = WATCHES.computeIfAbsent(endpoint.address() + "/" + endpoint.user(), k -> new ServerWatch(endpoint));
        w.watched.add(c);
        synchronized (w) {
            if (!w.running) {
                w.running = true;
                Thread t = new Thread(w::run, "sluice-server-watch-" + endpoint.address());
                t.setDaemon(true);
                t.start();
            }
        }
        return c;
    }

    /** Between two pings: a third of the read timeout, at most 30 s. */
    static long intervalMillis(EndpointSpec endpoint) {
        return Math.min(30_000L, Math.max(500L, endpoint.readTimeoutSecondsOrDefault() * 1000L / 3));
    }

    private void run() {
        Connection ping = null;
        try {
            while (true) {
                synchronized (this) {
                    watched.removeIf(ServerWatch::closed);
                    if (watched.isEmpty()) {
                        running = false;
                        return;
                    }
                }
                Thread.sleep(intervalMillis(endpoint));
                try {
                    if (ping == null || ping.isClosed()) {
                        ping = Endpoints.open(endpoint);
                    }
                    try (Statement st = ping.createStatement()) {
                        st.execute("SELECT 1");
                    }
                } catch (SQLException e) {
                    close(ping);
                    ping = null;
                    if (unresponsive(e)) {
                        abortAll(e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (this) {
                running = false;
            }
        } finally {
            close(ping);
        }
    }

    /**
     * No answer within the read timeout, or no server at all (refused). Not a server's error (it answered), nor a
     * reset ping session (the next round opens a new one and asks again).
     */
    static boolean unresponsive(SQLException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SocketTimeoutException || c instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    private void abortAll(SQLException why) {
        LOG.warning(endpoint.address() + " does not answer within " + endpoint.readTimeoutSecondsOrDefault()
                + " s (read_timeout_seconds): aborting " + watched.size() + " session(s) running long statements ("
                + why.getMessage() + ")");
        for (Connection c : watched) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                // aborting anyway
            }
            watched.remove(c);
        }
    }

    private static boolean closed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                // gone
            }
        }
    }
}
