package dev.sluice.incremental;

import dev.sluice.db.Sql;
import dev.sluice.table.RowFilterProbe;
import java.nio.charset.Charset;
import java.util.List;

/**
 * Where the rows of one source table go: the destination table under the name mapping, which source columns are
 * written to which destination columns (selected, not generated), the destination's row identity key
 * ({@code RowIdentity}: primary key, else the narrowest usable UNIQUE NOT NULL key) as source column indexes, and
 * how changes of the table may be applied, and the task's row filter of the table (null: every row).
 */
public record TargetTable(
        String sourceDb,
        String sourceTable,
        String db,
        String table,
        List<Column> columns,
        int[] key,
        List<String> keyNames,
        Mode mode,
        Column[] keyColumns,
        RowFilterProbe rowFilter) {

    /** A target whose key columns are looked up once from {@code columns}. */
    public TargetTable(String sourceDb, String sourceTable, String db, String table, List<Column> columns, int[] key,
                       List<String> keyNames, Mode mode) {
        this(sourceDb, sourceTable, db, table, columns, key, keyNames, mode, null);
    }

    /** As above, with the row filter of the table (null: every row). */
    public TargetTable(String sourceDb, String sourceTable, String db, String table, List<Column> columns, int[] key,
                       List<String> keyNames, Mode mode, RowFilterProbe rowFilter) {
        this(sourceDb, sourceTable, db, table, columns, key, keyNames, mode, keyColumns(columns, key, keyNames),
                rowFilter);
    }

    /**
     * A written column: its index in the binlog row, its destination name, its text charset (null = bytes), its
     * destination data type (lower case, e.g. {@code json}, {@code float}) and, for BINARY(n), n (else 0): the
     * binlog drops a BINARY value's trailing zero bytes, which the applier puts back.
     */
    public record Column(int sourceIndex, String name, Charset charset, String dataType, int binaryLength) {
        public Column(int sourceIndex, String name, Charset charset, String dataType) {
            this(sourceIndex, name, charset, dataType, 0);
        }

        /** ENUM and SET values travel as their index / bitmask and compare as numbers, not as text. */
        public boolean isEnumOrSet() {
            return "enum".equals(dataType) || "set".equals(dataType);
        }

        public boolean isJson() {
            return "json".equals(dataType);
        }
    }

    /** How changes of a table are applied. */
    public enum Mode {
        /** An identity key and no other unique key: changes compact to one net change per key, any key order. */
        COMPACT,
        /** An identity key plus other unique keys: exact order, consecutive same-kind changes merged. */
        ORDERED,
        /** No identity key (whole row): exact order, rows matched on all columns, {@code LIMIT 1}. */
        KEYLESS
    }

    public String qualified() {
        return Sql.id(db, table);
    }

    public String sourceName() {
        return sourceDb + "." + sourceTable;
    }

    public boolean hasKey() {
        return mode != Mode.KEYLESS;
    }

    /**
     * The written column of each key column (in key order), for decoding key values; a key column that is not
     * written (not selected) decodes as plain bytes under its key name.
     */
    private static Column[] keyColumns(List<Column> columns, int[] key, List<String> keyNames) {
        Column[] out = new Column[key.length];
        for (int i = 0; i < key.length; i++) {
            for (Column c : columns) {
                if (c.sourceIndex() == key[i]) {
                    out[i] = c;
                    break;
                }
            }
            if (out[i] == null) {
                out[i] = new Column(key[i], keyNames.get(i), null, "");
            }
        }
        return out;
    }
}
