package dev.sluice.incremental;

/** A DDL statement from the binlog that the destination refused; the task stops with the statement and reason. */
public class DdlFailedException extends RuntimeException {
    public DdlFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
