package dev.sluice.workflow;

/** A Step Functions API error with its AWS error code (e.g. ExecutionDoesNotExist) and a message. */
public class SfnException extends RuntimeException {
    private final String code;

    public SfnException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
