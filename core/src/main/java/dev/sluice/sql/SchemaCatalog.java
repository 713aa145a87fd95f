package dev.sluice.sql;

import dev.sluice.task.NameMapping;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The source names {@link NameRewriter} resolves against: databases, their tables and views, and each one's
 * columns (source names, in order). Database and table names compare case-sensitively (as on Linux with
 * {@code lower_case_table_names=0}), column names case-insensitively.
 */
public final class SchemaCatalog {
    private final Map<String, Map<String, List<String>>> tables = new LinkedHashMap<>();

    /**
     * The tables whose columns a name mapping renames, each with those columns (source names): enough to rewrite
     * text that can only name columns of one table, such as an ALTER TABLE from the binlog.
     */
    public static SchemaCatalog renamedColumns(NameMapping mapping) {
        SchemaCatalog c = new SchemaCatalog();
        if (mapping.columns() != null) {
            for (String key : mapping.columns().keySet()) { // db.table.column
                int first = key.indexOf('.');
                int last = key.lastIndexOf('.');
                if (first > 0 && last > first + 1) {
                    String db = key.substring(0, first);
                    String table = key.substring(first + 1, last);
                    List<String> columns = new ArrayList<>(c.columns(db, table).orElse(List.of()));
                    columns.add(key.substring(last + 1));
                    c.add(db, table, columns);
                }
            }
        }
        return c;
    }

    /** Adds (or replaces) a table or view with its columns. */
    public SchemaCatalog add(String database, String table, List<String> columns) {
        tables.computeIfAbsent(database, d -> new LinkedHashMap<>()).put(table, List.copyOf(columns));
        return this;
    }

    /** Adds a database with no tables yet (so qualified references to it are recognized). */
    public SchemaCatalog addDatabase(String database) {
        tables.computeIfAbsent(database, d -> new LinkedHashMap<>());
        return this;
    }

    public boolean hasDatabase(String database) {
        return tables.containsKey(database);
    }

    public boolean hasTable(String database, String table) {
        return database != null && tables.getOrDefault(database, Map.of()).containsKey(table);
    }

    /** Columns of a table, if the catalog knows it. */
    public Optional<List<String>> columns(String database, String table) {
        return Optional.ofNullable(database == null ? null : tables.getOrDefault(database, Map.of()).get(table));
    }

    public boolean hasColumn(String database, String table, String column) {
        return columns(database, table).map(cs -> cs.stream().anyMatch(c -> c.equalsIgnoreCase(column))).orElse(false);
    }

    /** The column's name as the catalog spells it (columns compare case-insensitively). */
    public Optional<String> column(String database, String table, String column) {
        return columns(database, table).flatMap(cs -> cs.stream().filter(c -> c.equalsIgnoreCase(column)).findFirst());
    }

    public Set<String> databases() {
        return Collections.unmodifiableSet(tables.keySet());
    }

    public Set<String> tables(String database) {
        return Collections.unmodifiableSet(tables.getOrDefault(database, Map.of()).keySet());
    }
}
