package dev.sluice.workflow.store;

/** A conditional write lost against a concurrent writer (the stored version was not the expected one). */
public class StoreConflictException extends RuntimeException {
    public StoreConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
