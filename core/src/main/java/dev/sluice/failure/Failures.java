package dev.sluice.failure;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/** Sorts failures into retriable and fatal (Debezium's ErrorHandler idea) and wraps them accordingly. */
public final class Failures {
    /**
     * MySQL/MariaDB error codes a retry can cure: deadlock (1213), lock wait timeout (1205), too many connections
     * (1040, 1203 user limit), server shutdown (1053), connection killed (1927, 4031 idle), lost connection
     * (2006, 2013, 1152, 1159, 1161), statement timeout (3024), a read-only server (1836, 1792; 1290 when it names
     * read-only), a full disk or table space (1021, 1114; 3 and 1030 with errno 28, ENOSPC), and access denied (1045: a password rotated while the
     * task runs; the connectivity test and precheck refuse a wrong one before anything runs). Missing privileges
     * (1044, 1142, 1143, 1227), a purged binlog (1236) and values the destination would change are not here: they
     * fail the task at once.
     */
    private static final Set<Integer> RETRIABLE_CODES = Set.of(1213, 1205, 1040, 1203, 1053, 2006, 2013, 1152,
            1159, 1161, 1927, 4031, 3024, 1836, 1792, 1021, 1114, 1045);

    private Failures() {
    }

    public static boolean isRetriable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof RetryWindowSpentException) {
                return false;
            }
            if (c instanceof RetriableException || c instanceof SQLTransientException
                    || c instanceof SQLRecoverableException || c instanceof java.net.SocketException
                    || c instanceof java.net.SocketTimeoutException) {
                return true;
            }
            if (c instanceof SQLException s) {
                String state = s.getSQLState();
                if (RETRIABLE_CODES.contains(s.getErrorCode()) || (state != null && state.startsWith("08"))
                        || readOnly(s) || noSpace(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the failure is a full disk or table space: ER_RECORD_FILE_FULL 1114 ("The table 't' is full", InnoDB
     * cannot extend a tablespace), ER_DISK_FULL 1021, or ENOSPC (errno 28) in ER_ERROR_ON_WRITE 3 / ER_GET_ERRNO
     * 1030 ("Got error 28 from storage engine").
     */
    public static boolean isDiskFull(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && (s.getErrorCode() == 1114 || s.getErrorCode() == 1021 || noSpace(s))) {
                return true;
            }
        }
        return false;
    }

    private static boolean noSpace(SQLException s) {
        String m = s.getMessage();
        return (s.getErrorCode() == 3 || s.getErrorCode() == 1030) && m != null
                && (m.contains("errno: 28") || m.contains("error 28") || m.contains("No space left"));
    }

    /** ER_OPTION_PREVENTS_STATEMENT for --read-only / --super-read-only (a destination being failed over). */
    private static boolean readOnly(SQLException s) {
        return s.getErrorCode() == 1290 && s.getMessage() != null && s.getMessage().contains("read-only");
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
