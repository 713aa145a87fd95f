package dev.sluice.verification;

/** Which end of a migration a query runs on. */
public enum Side {
    SOURCE, DESTINATION;

    public String label() {
        return this == SOURCE ? "source" : "destination";
    }
}
