package dev.sluice.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One {@code objects:} entry of a task: a database (wildcards {@code *} and {@code ?} allowed), the tables to take
 * (default all), tables to leave out, and optionally the columns to take per table and a row filter per table
 * ({@code where}: a SQL condition over that table's columns, {@link RowFilter}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ObjectSelection(
        String database,
        List<String> tables,
        List<String> excludeTables,
        Map<String, List<String>> columns,
        Map<String, String> where) {

    public ObjectSelection(String database, List<String> tables, List<String> excludeTables,
                           Map<String, List<String>> columns) {
        this(database, tables, excludeTables, columns, null);
    }

    public List<String> tablesOrAll() {
        return tables == null || tables.isEmpty() ? List.of("*") : tables;
    }

    public List<String> excludeTablesOrNone() {
        return excludeTables == null ? List.of() : excludeTables;
    }

    public Map<String, List<String>> columnsOrNone() {
        return columns == null ? Map.of() : columns;
    }

    /** Row filters by exact table name (none: every row). */
    public Map<String, String> whereOrNone() {
        return where == null ? Map.of() : where;
    }
}
