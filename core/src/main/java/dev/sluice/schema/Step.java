package dev.sluice.schema;

/**
 * One DDL statement of the schema plan: in which phase it runs, which object it creates (destination names), the
 * statement and the session settings it needs (sql_mode, collation_connection, time_zone; null = Sluice's
 * defaults for tables).
 */
public record Step(Phase phase, ObjectKind kind, String sourceDatabase, String database, String name, String table,
                   String sql, String sqlMode, String collationConnection, String timeZone, String label) {

    /**
     * When a step runs: before the full copy, after it, or (unique secondary keys of a full + incremental task)
     * once replication has replayed past the copy, when the destination's rows no longer hold transient
     * duplicates (ADR 0043).
     */
    public enum Phase { CREATE, FINISH, AFTER_REPLAY }
}
