package dev.sluice.failure;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/** Sorts failures into retriable and fatal (Debezium's ErrorHandler idea) and wraps them accordingly. */
public final class Failures {
    /** MySQL error codes a retry can cure: deadlock, lock wait timeout, too many connections, server shutdown. */
    private static final Set<Integer> RETRIABLE_CODES = Set.of(1213, 1205, 1040, 1053, 2006, 2013, 1927, 3024);

    private Failures() {
    }

    public static boolean isRetriable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof RetriableException || c instanceof SQLTransientException
                    || c instanceof SQLRecoverableException || c instanceof java.net.SocketException
                    || c instanceof java.net.SocketTimeoutException) {
                return true;
            }
            if (c instanceof SQLException s) {
                String state = s.getSQLState();
                if (RETRIABLE_CODES.contains(s.getErrorCode()) || (state != null && state.startsWith("08"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A RuntimeException for the workflow: RetriableException when a retry may help, else the message as is. */
    public static RuntimeException classify(String what, Throwable t) {
        if (t instanceof RetriableException r) {
            return r;
        }
        String msg = what + ": " + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        if (isRetriable(t)) {
            return new RetriableException(msg, t);
        }
        return t instanceof RuntimeException re && what.isEmpty() ? re : new IllegalStateException(msg, t);
    }
}
