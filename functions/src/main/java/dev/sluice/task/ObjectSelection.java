package dev.sluice.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One {@code objects:} entry of a task: a database (wildcards {@code *} and {@code ?} allowed), the tables to take
 * (default all), tables to leave out, and optionally the columns to take per table.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ObjectSelection(
        String database,
        List<String> tables,
        List<String> excludeTables,
        Map<String, List<String>> columns) {

    public List<String> tablesOrAll() {
        return tables == null || tables.isEmpty() ? List.of("*") : tables;
    }

    public List<String> excludeTablesOrNone() {
        return excludeTables == null ? List.of() : excludeTables;
    }

    public Map<String, List<String>> columnsOrNone() {
        return columns == null ? Map.of() : columns;
    }
}
