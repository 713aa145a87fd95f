package dev.sluice.connectivity;

/** The steps of a connectivity test, in the order they run for each endpoint. */
public enum Step {
    DNS("dns"), TCP("tcp"), TLS("tls"), AUTHENTICATION("auth"), PRIVILEGES("privileges"), SERVER("server"),
    LATENCY("latency");

    private final String label;

    Step(String label) {
        this.label = label;
    }

    /** Short lower-case name used in tables and JSON. */
    public String label() {
        return label;
    }
}
