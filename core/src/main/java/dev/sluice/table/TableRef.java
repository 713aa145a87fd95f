package dev.sluice.table;

/** A source table by database and name; {@code db.table} is its key in the ledger. */
public record TableRef(String database, String table) implements Comparable<TableRef> {

    public String key() {
        return database + "." + table;
    }

    @Override
    public int compareTo(TableRef o) {
        int c = database.compareTo(o.database);
        return c != 0 ? c : table.compareTo(o.table);
    }

    @Override
    public String toString() {
        return key();
    }
}
