package dev.sluice.failure;

/**
 * A failure a retry might have cured, retried for the whole retry window without success: fatal (the workflow does
 * not retry it); its message says what failed, since when, and how to continue.
 */
public class RetryWindowSpentException extends IllegalStateException {
    public RetryWindowSpentException(String message, Throwable cause) {
        super(message, cause);
    }
}
