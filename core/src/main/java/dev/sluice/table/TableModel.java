package dev.sluice.table;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One base table as information_schema describes it, the one table model every phase reads (precheck, schema,
 * full copy, replication, verification): its columns in ordinal order, its indexes (primary key first, then by
 * name) and the server's size estimates. {@link #identity} applies the one row-identity rule.
 */
public record TableModel(TableRef ref, List<Column> columns, List<Key> keys, long estimatedRows,
                         long averageRowBytes) {

    public TableModel {
        columns = List.copyOf(columns);
        keys = List.copyOf(keys);
    }

    public String database() {
        return ref.database();
    }

    public String table() {
        return ref.table();
    }

    /** The column with this name (column names are case-insensitive in MySQL). */
    public Optional<Column> column(String name) {
        for (Column c : columns) {
            if (c.name().equalsIgnoreCase(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public Optional<Key> key(String name) {
        return keys.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    public Optional<Key> primaryKey() {
        return key(Key.PRIMARY);
    }

    /** The row identity when every column is selected. */
    public RowIdentity identity() {
        return RowIdentity.of(this, name -> true);
    }

    /** The row identity over the selected columns ({@code selected} tests a column name). */
    public RowIdentity identity(Predicate<String> selected) {
        return RowIdentity.of(this, selected);
    }

    /** {@code db.table}, for messages. */
    @Override
    public String toString() {
        return ref.key() + columns.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
    }
}
