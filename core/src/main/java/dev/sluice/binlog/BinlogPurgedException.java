package dev.sluice.binlog;

/**
 * The source no longer has the binlog the replicator must read next (server error 1236): continuing would lose
 * changes, so the task fails with the missing file and the remedy instead of skipping ahead.
 */
public class BinlogPurgedException extends RuntimeException {
    public BinlogPurgedException(String message, Throwable cause) {
        super(message, cause);
    }
}
