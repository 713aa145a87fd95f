package dev.sluice.schema;

/**
 * A source view, routine, trigger or event: its {@code SHOW CREATE} statement and the session settings it was
 * created under (sql_mode, character_set_client, collation_connection; the schema's collation for routines).
 * {@code table} is the table of a trigger and {@code timeZone} the time zone of an event (null otherwise).
 */
public record SourceObject(ObjectKind kind, String database, String name, String createSql, String sqlMode,
                           String characterSetClient, String collationConnection, String table, String timeZone) {

    /** e.g. {@code view shop.film_list}. */
    public String label() {
        return kind.label() + " " + database + "." + name;
    }
}
