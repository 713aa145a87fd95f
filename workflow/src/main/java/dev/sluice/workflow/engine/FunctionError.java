package dev.sluice.workflow.engine;

/** An error a function reports, as Lambda does: errorType (becomes the Step Functions error name) and errorMessage. */
public class FunctionError extends Exception {
    private final String errorType;

    public FunctionError(String errorType, String errorMessage) {
        super(errorMessage);
        this.errorType = errorType;
    }

    public FunctionError(String errorType, String errorMessage, Throwable cause) {
        super(errorMessage, cause);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }

    public String errorMessage() {
        return getMessage();
    }
}
