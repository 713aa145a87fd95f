package dev.sluice.fullcopy;

/** This worker's claim on a chunk was taken over (its lease expired); its uncommitted copy is discarded. */
public class LeaseLostException extends RuntimeException {
    public LeaseLostException(String message) {
        super(message);
    }
}
