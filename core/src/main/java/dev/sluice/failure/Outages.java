package dev.sluice.failure;

import dev.sluice.task.EndpointSpec;
import dev.sluice.task.TaskSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.SQLException;

/**
 * Says what a retriable failure is, for the retry line: "destination 127.0.0.1:3307 unreachable (Connection
 * refused)" when a TCP connect to an endpoint fails now (destination tried first), else the error's own message.
 * Addresses and server messages only; MySQL's messages never carry passwords.
 */
public final class Outages {
    static final int PROBE_TIMEOUT_MILLIS = 2_000;
    static final int MAX_MESSAGE = 240;

    private Outages() {
    }

    public static String describe(TaskSpec spec, Throwable failure) {
        String message = message(failure);
        if (Failures.isDiskFull(failure) && spec.destination() != null && spec.destination().host() != null) {
            // a full disk is met by writes, and the task writes to the destination
            return "disk or table space full on the destination " + spec.destination().address() + " (" + message
                    + "): free space on its data volume (or raise the table space's limit)";
        }
        for (String role : new String[] {"destination", "source"}) {
            EndpointSpec e = "destination".equals(role) ? spec.destination() : spec.source();
            if (e == null || e.host() == null) {
                continue;
            }
            String down = probe(e);
            if (down != null) {
                return role + " " + e.address() + " unreachable (" + down + ")";
            }
        }
        return message;
    }

    /** Null when a TCP connection to the endpoint opens within the probe timeout, else why not. */
    static String probe(EndpointSpec e) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(e.host(), e.portOrDefault()), PROBE_TIMEOUT_MILLIS);
            return null;
        } catch (IOException x) {
            return x.getMessage() == null ? x.getClass().getSimpleName() : x.getMessage();
        }
    }

    /** The first SQL error's message in the chain (the server's words), else the failure's; one line, capped. */
    static String message(Throwable failure) {
        String m = null;
        for (Throwable c = failure; c != null && m == null; c = c.getCause()) {
            if (c instanceof SQLException && c.getMessage() != null) {
                m = c.getMessage();
            }
        }
        if (m == null) {
            m = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        }
        m = m.strip();
        int nl = m.indexOf('\n');
        if (nl > 0) {
            m = m.substring(0, nl);
        }
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
    }
}
