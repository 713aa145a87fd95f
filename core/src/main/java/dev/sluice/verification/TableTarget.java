package dev.sluice.verification;

import dev.sluice.task.RowFilter;
import dev.sluice.db.Sql;
import dev.sluice.table.RowIdentity;
import dev.sluice.table.TableModel;
import java.util.List;

/**
 * A selected table as verification sees it: the source's table model and row identity (the rule every phase
 * shares), source and destination names, the compared columns (with mapped destination names), the identity's
 * columns as compared columns (empty for a keyless table) and how its JSON
 * columns are compared; {@code partialColumns} when the task selects only some columns of the table;
 * {@code binaryXorFold} when both servers are MySQL 8.0+, whose BIT_XOR folds 128-bit binary strings;
 * {@code keyOrderedScan} when the row identity is the primary key on both sides (same columns, same collations,
 * no prefixes), so a key range read by the primary key yields its rows in the same order on both servers and a
 * chunk can be checksummed as the MD5 of its rows' text in key order (ADR 0054).
 */
public record TableTarget(
        TableModel model,
        RowIdentity identity,
        String sourceDb,
        String sourceTable,
        String destDb,
        String destTable,
        List<ColumnInfo> columns,
        List<ColumnInfo> key,
        JsonMode jsonMode,
        boolean partialColumns,
        boolean binaryXorFold,
        boolean keyOrderedScan,
        RowFilter rowFilter) {

    /** {@code db.table} on the source: the name reports use. */
    public String name() {
        return sourceDb + "." + sourceTable;
    }

    public String quoted(Side side) {
        return side == Side.SOURCE ? Sql.id(sourceDb, sourceTable) : Sql.id(destDb, destTable);
    }

    /** The index of the row identity (null when keyless). */
    public String keyIndex() {
        return identity.keyName();
    }

    public boolean keyed() {
        return !key.isEmpty();
    }

    /** True when some column can only be compared in Java, so every chunk is compared row by row. */
    public boolean needsJavaCompare() {
        return jsonMode == JsonMode.JAVA && columns.stream().anyMatch(c -> c.kind() == ColumnKind.JSON);
    }

    public int keyPosition(ColumnInfo keyColumn) {
        return columns.indexOf(keyColumn);
    }
}
