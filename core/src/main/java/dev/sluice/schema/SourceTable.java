package dev.sluice.schema;

import java.util.List;
import java.util.Map;

/**
 * A source base table: its {@code SHOW CREATE TABLE} text, columns in order, each column's collation (null for
 * non-character columns), the table's default collation and each foreign key's [UPDATE_RULE, DELETE_RULE]
 * (SHOW CREATE TABLE leaves an explicit RESTRICT out), and the index that is its row identity under the task's
 * column selection ({@code RowIdentity}, the rule every phase shares; null when rows are identified by the whole
 * row): the create phase keeps that key in the CREATE TABLE, since the full copy and replication find rows by it.
 */
public record SourceTable(String database, String name, String createSql, List<String> columns,
                          Map<String, String> columnCollations, String tableCollation,
                          Map<String, List<String>> foreignKeyRules, String rowIdentityKey) {
}
