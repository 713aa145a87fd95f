package dev.sluice.schema;

import java.util.List;
import java.util.Map;

/**
 * A source base table: its {@code SHOW CREATE TABLE} text, columns in order, each column's collation (null for
 * non-character columns), the table's default collation and each foreign key's [UPDATE_RULE, DELETE_RULE]
 * (SHOW CREATE TABLE leaves an explicit RESTRICT out).
 */
public record SourceTable(String database, String name, String createSql, List<String> columns,
                          Map<String, String> columnCollations, String tableCollation,
                          Map<String, List<String>> foreignKeyRules) {
}
