package dev.sluice.db;

/**
 * The session variable that marks Sluice's binlog applier sessions on the destination. The schema phase wraps
 * every trigger body in {@code IF @sluice_replicating IS NULL THEN ... END IF}, and the applier sets the variable,
 * so a trigger does not fire a second time for rows whose trigger effects arrive through the binlog (ADR 0021).
 */
public final class TriggerGuard {
    /** The session variable the binlog applier sets. */
    public static final String VARIABLE = "@sluice_replicating";

    private TriggerGuard() {
    }
}
