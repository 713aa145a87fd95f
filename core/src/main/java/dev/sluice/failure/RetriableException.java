package dev.sluice.failure;

/**
 * A failure that a retry may cure (lost connection, deadlock, lock wait timeout, throttling). The workflow's Retry
 * rules match this class name; everything else fails the task with its message.
 */
public class RetriableException extends RuntimeException {
    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }
}
