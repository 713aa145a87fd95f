package dev.sluice.verification;

import dev.sluice.db.Sql;
import dev.sluice.table.Chunk;
import dev.sluice.table.Key;
import dev.sluice.table.KeyRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the SQL verification runs on one side for one table: the normalized value of each column, the row hash
 * ({@code MD5(CONCAT_WS('#', values..., NULL flags))}), the chunk checksum (row count plus the exact DECIMAL sum of
 * the hash's first 64 bits, so equal duplicate rows do not cancel out as they do in a BIT_XOR fold); key ranges
 * come from the shared {@link KeyRange}. The same logical row gives the same text on MySQL 5.7, 8.0 and MariaDB
 * (see ColumnKind).
 */
public final class RowSql {
    private final TableTarget table;
    private final Side side;

    public RowSql(TableTarget table, Side side) {
        this.table = table;
        this.side = side;
    }

    public TableTarget table() {
        return table;
    }

    public Side side() {
        return side;
    }

    private String col(ColumnInfo c) {
        return Sql.id(c.name(side));
    }

    /** The normalized value of a column as hashed (and fetched for the row-level comparison). */
    public String normalized(ColumnInfo c) {
        String id = col(c);
        return switch (c.kind()) {
            case INTEGER, DECIMAL, TEMPORAL, BINARY, SPATIAL -> id;
            // FLOAT widened to DOUBLE (5.7 prints a FLOAT with 6 digits); a DOUBLE as itself: MySQL 8.0 prints a
            // DOUBLE *expression* in at most 22 characters (-2.2250738585072014e-308 + 0E0 printed as
            // -2.2250738585072e-308), which differed from 5.7 and hid one-ulp changes, while a DOUBLE column
            // prints its shortest round-trip text on 5.7, 8.0 and MariaDB
            case FLOAT -> c.mapped().columnType().toLowerCase(java.util.Locale.ROOT).startsWith("float")
                    ? "(" + id + " + 0E0)" : id;
            case BIT -> "(" + id + " + 0)";
            case STRING, ENUM_SET -> c.convert() ? "CONVERT(" + id + " USING utf8mb4)" : id;
            case TEXT -> c.convert() ? "MD5(CONVERT(" + id + " USING utf8mb4))" : "MD5(" + id + ")";
            case BLOB -> "MD5(" + id + ")";
            case JSON -> switch (table.jsonMode()) {
                case MYSQL_CANONICAL -> "MD5(CAST(" + id + " AS CHAR))";
                case MARIADB_NORMALIZE -> "MD5(JSON_NORMALIZE(" + id + "))";
                case JAVA -> "''";
            };
        };
    }

    /** What the row-level comparison fetches for a column: the normalized value, or the JSON text for Java. */
    public String fetched(ColumnInfo c) {
        if (c.kind() == ColumnKind.JSON && table.jsonMode() == JsonMode.JAVA) {
            return "CAST(" + col(c) + " AS CHAR)";
        }
        return switch (c.kind()) {
            // the server's own text, not the driver's rendering (YEAR, DOUBLE, DATETIME fractions)
            case INTEGER, DECIMAL, TEMPORAL, FLOAT, BIT -> "CAST(" + normalized(c) + " AS CHAR)";
            default -> normalized(c);
        };
    }

    /** What repair reads from the source to write a column back: the full value, not a hash. */
    public String literalSelect(ColumnInfo c) {
        return switch (c.kind()) {
            case TEXT, STRING, ENUM_SET -> "CONVERT(" + col(c) + " USING utf8mb4)";
            case JSON -> "CAST(" + col(c) + " AS CHAR)";
            case BINARY, BLOB, SPATIAL -> col(c);
            default -> fetched(c);
        };
    }

    /**
     * The per-row text that is hashed. Like pt-table-checksum, values are joined with '#', so moving a '#' from
     * the end of one text column to the start of the next is the one change the checksum cannot see (the row
     * comparison would); length prefixes would cost about a third more server CPU per row.
     */
    public String rowText() {
        List<String> parts = new ArrayList<>();
        StringBuilder nullFlags = new StringBuilder();
        for (ColumnInfo c : table.columns()) {
            parts.add(normalized(c));
            if (c.nullable()) {
                nullFlags.append(nullFlags.length() == 0 ? "" : ", ").append("ISNULL(").append(col(c)).append(")");
            }
        }
        if (nullFlags.length() > 0) {
            parts.add("CONCAT(" + nullFlags + ")");
        }
        return "CONCAT_WS('#', " + String.join(", ", parts) + ")";
    }

    public String rowHash() {
        return "MD5(" + rowText() + ")";
    }

    /**
     * The text of a chunk's rows in key order: each row's normalized values joined with '#' (a NULL as '' plus the
     * NULL flags, as in {@link #rowText}), rows joined with a newline, built by one GROUP_CONCAT without a per-row
     * string or hash. Only for tables read in the same order on both sides ({@link TableTarget#keyOrderedScan}).
     */
    String chunkText() {
        List<String> parts = new ArrayList<>();
        StringBuilder nullFlags = new StringBuilder();
        for (ColumnInfo c : table.columns()) {
            parts.add(c.nullable() ? "IFNULL(" + normalized(c) + ", '')" : normalized(c));
            if (c.nullable()) {
                nullFlags.append(nullFlags.length() == 0 ? "" : ", ").append("ISNULL(").append(col(c)).append(")");
            }
        }
        if (nullFlags.length() > 0) {
            parts.add("CONCAT(" + nullFlags + ")");
        }
        return "GROUP_CONCAT(" + String.join(", '#', ", parts) + " SEPARATOR '\\n')";
    }

    /** True when {@link #checksum} folds the chunk's text in key order (else it folds per-row hashes). */
    boolean chunkTextFold() {
        return table.keyed() && table.keyOrderedScan();
    }

    /** The key columns in key order, comma separated (for ORDER BY). */
    public String keyList() {
        return String.join(", ", table.key().stream().map(this::col).toList());
    }

    private String from() {
        // the destination reads by its primary key too when the chunk's text is folded in key order
        String index = side == Side.SOURCE ? table.keyIndex() : table.keyOrderedScan() ? Key.PRIMARY : null;
        String hint = table.keyed() && index != null ? " FORCE INDEX (" + Sql.id(index) + ")" : "";
        return " FROM " + table.quoted(side) + hint;
    }

    /**
     * Count and fold of the chunk's rows; parameters: those of {@link #rangeWhere}. A table read in key order on
     * both sides ({@link #chunkTextFold}) folds the MD5 of the chunk's text (ADR 0054: no string or hash per row);
     * a chunk whose text is longer than the session's {@code group_concat_max_len} ({@link Sessions}) is folded
     * again with {@link #rowFoldChecksum}.
     */
    public String checksum(Chunk chunk) {
        return chunkTextFold() ? "SELECT COUNT(*), COALESCE(MD5(" + chunkText() + "), '')" + from() + rangeWhere(chunk)
                : rowFoldChecksum(chunk);
    }

    /**
     * Count and fold of the chunk's row hashes. Keyed tables on MySQL 8.0+ at both ends fold the full 128-bit MD5
     * with BIT_XOR over binary strings (rows are unique by the source key, so no two equal rows can cancel out);
     * otherwise, and always for keyless tables, the exact DECIMAL sum of the first 64 bits, which counts duplicates.
     */
    public String rowFoldChecksum(Chunk chunk) {
        String fold = table.binaryXorFold() && table.keyed()
                ? "COALESCE(HEX(BIT_XOR(UNHEX(" + rowHash() + "))), '')"
                : "COALESCE(SUM(CAST(CONV(LEFT(" + rowHash() + ", 16), 16, 10) AS UNSIGNED)), 0)";
        return "SELECT COUNT(*), " + fold + from() + rangeWhere(chunk);
    }

    /** Rows of a chunk for the row-level comparison: the fetched value of every column, in key order. */
    public String rows(Chunk chunk) {
        return "SELECT " + fetchedList() + from() + rangeWhere(chunk)
                + (table.keyed() ? " ORDER BY " + keyList() : "");
    }

    /** Rows with the given keys (one key's columns repeated per key as parameters). */
    public String rowsByKeys(int keys) {
        return "SELECT " + fetchedList() + " FROM " + table.quoted(side) + " WHERE " + keysWhere(keys);
    }

    /**
     * The task's row filter of the table on the source side, else null: the destination holds only the rows the
     * filter selects, so the source side compares those only; destination rows outside it are differences.
     */
    private String sourceFilter() {
        return side == Side.SOURCE && table.rowFilter() != null ? table.rowFilter().sql() : null;
    }

    public String fetchedList() {
        return String.join(", ", table.columns().stream().map(this::fetched).toList());
    }

    /** {@code (k1 = ? AND k2 = ?) OR ...} for the given number of keys. */
    public String keysWhere(int keys) {
        String one = "(" + String.join(" AND ", table.key().stream().map(c -> col(c) + " = ?").toList()) + ")";
        List<String> all = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            all.add(one);
        }
        String anyKey = String.join(" OR ", all);
        return sourceFilter() == null ? anyKey : "(" + anyKey + ") AND " + sourceFilter();
    }

    /** Row hash and the count of rows with it, over the whole (keyless) table. */
    public String hashCounts() {
        return "SELECT " + rowHash() + " AS h, COUNT(*) FROM " + table.quoted(side)
                + (sourceFilter() == null ? "" : " WHERE " + sourceFilter()) + " GROUP BY h";
    }

    /** The chunk's key range on this side: lower bound inclusive, upper bound exclusive, either may be open. */
    public KeyRange range(Chunk chunk) {
        return new KeyRange(table.identity().columns(), table.key().stream().map(c -> c.name(side)).toList(),
                chunk.wholeTable() ? null : chunk.lo(), chunk.wholeTable() ? null : chunk.hi());
    }

    /** WHERE clause of a chunk (empty when unbounded); bind its values with {@code range(chunk).bind}. */
    public String rangeWhere(Chunk chunk) {
        boolean bounded = !chunk.wholeTable() && (chunk.lo() != null || chunk.hi() != null);
        String where = bounded ? range(chunk).sql() : null;
        if (sourceFilter() != null) {
            where = (where == null ? "" : where + " AND ") + sourceFilter();
        }
        return where == null ? "" : " WHERE " + where;
    }
}
