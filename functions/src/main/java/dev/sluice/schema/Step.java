package dev.sluice.schema;

/**
 * One DDL statement of the schema plan: in which phase it runs, which object it creates (destination names), the
 * statement and the session settings it needs (sql_mode, collation_connection, time_zone; null = Sluice's
 * defaults for tables).
 */
public record Step(Phase phase, ObjectKind kind, String sourceDatabase, String database, String name, String table,
                   String sql, String sqlMode, String collationConnection, String timeZone, String label) {

    /** When a step runs: before the full copy or after it. */
    public enum Phase { CREATE, FINISH }
}
