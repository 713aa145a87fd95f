package dev.sluice.workflow.asl;

/** A state machine definition that is not valid ASL or uses something the local runner cannot run. */
public class AslValidationException extends RuntimeException {
    public AslValidationException(String message) {
        super(message);
    }
}
