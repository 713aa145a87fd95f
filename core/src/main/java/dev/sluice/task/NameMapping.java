package dev.sluice.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Renames applied on the destination: {@code databases: {src: dst}}, {@code tables: {"db.table": newName}},
 * {@code columns: {"db.table.column": newName}}. Keys use source names.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NameMapping(
        Map<String, String> databases,
        Map<String, String> tables,
        Map<String, String> columns) {

    public static final NameMapping NONE = new NameMapping(Map.of(), Map.of(), Map.of());

    public String database(String sourceDb) {
        return databases == null ? sourceDb : databases.getOrDefault(sourceDb, sourceDb);
    }

    public String table(String sourceDb, String sourceTable) {
        return tables == null ? sourceTable : tables.getOrDefault(sourceDb + "." + sourceTable, sourceTable);
    }

    public String column(String sourceDb, String sourceTable, String sourceColumn) {
        return columns == null ? sourceColumn
                : columns.getOrDefault(sourceDb + "." + sourceTable + "." + sourceColumn, sourceColumn);
    }
}
