package dev.sluice.table;

import dev.sluice.task.RowFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import com.mysql.cj.jdbc.JdbcConnection;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Evaluates a task's row filter ({@link RowFilter}) for rows that exist only as values, such as binlog row images,
 * on a MySQL server — so that the answer is MySQL's, with its type conversions and the column's collation, as in
 * the full copy's {@code WHERE} (ADR 0081). One statement, one query block, per {@value #ROWS_PER_STATEMENT}
 * rows, the condition once per row with each column replaced by its value:
 * <pre>SELECT CONCAT((CAST(? AS SIGNED) &gt;= 10) IS TRUE, (CAST(? AS SIGNED) &gt;= 10) IS TRUE, ...)</pre>
 * Each value is typed like its column ({@code CAST}, {@code CONVERT ... USING charset COLLATE collation}; ENUM and
 * SET values, which travel as index and bitmask, through {@code ELT}/{@code MAKE_SET} with the column's labels), so
 * {@code name = 'abc'} compares as it does in the table. No table is read.
 * <p>The statement is prepared on the server once per session and batch size (ADR 0081, issue 18): a batch is
 * padded with NULL rows (FALSE, ignored) to 8, 64 or {@value #ROWS_PER_STATEMENT} rows, so a session holds at most
 * three statements per filtered table and every later batch sends only its values, never the statement's text
 * for the server to parse again.
 */
public final class RowFilterProbe {
    static final int ROWS_PER_STATEMENT = 500;
    private static final int MAX_PLACEHOLDERS = 65_535;

    private final String table;
    private final RowFilter filter;
    private final String condition;
    private final int[] binds;
    private final boolean serverPrepared;
    /** Server-side statements by session and rows per statement (sessions dropped once closed). */
    private final Map<Connection, Map<Integer, PreparedStatement>> prepared = new IdentityHashMap<>();

    /**
     * A probe for rows whose values are aligned with {@code rowColumns} (the model of each value's column);
     * {@code columnName} maps a column name of the filter (a source column) to its name in {@code rowColumns}.
     */
    public RowFilterProbe(String table, RowFilter filter, List<Column> rowColumns, UnaryOperator<String> columnName) {
        this.table = table;
        this.filter = filter;
        List<Integer> order = new ArrayList<>();
        this.condition = filter.sql(used -> {
            String name = columnName.apply(used);
            for (int i = 0; i < rowColumns.size(); i++) {
                if (rowColumns.get(i).name().equalsIgnoreCase(name)) {
                    order.add(i);
                    return typed(table, rowColumns.get(i));
                }
            }
            throw new IllegalStateException("the row filter of " + table + " (" + filter.text() + ") uses column "
                    + used + ", which is not copied (not selected, generated, or missing); select the column or "
                    + "change the filter");
        }) + " IS TRUE";
        this.binds = order.stream().mapToInt(Integer::intValue).toArray();
        this.serverPrepared = true;
    }

    private RowFilterProbe(RowFilterProbe other, boolean serverPrepared) {
        this.table = other.table;
        this.filter = other.filter;
        this.condition = other.condition;
        this.binds = other.binds;
        this.serverPrepared = serverPrepared;
    }

    /**
     * The same probe sending the statement text with every batch (no server-side preparation): the shape ADR 0081
     * measured first, kept to measure against.
     */
    public RowFilterProbe unprepared() {
        return new RowFilterProbe(this, false);
    }

    public RowFilter filter() {
        return filter;
    }

    /** For each row: whether the filter is TRUE for it (NULL and FALSE leave the row out, as in WHERE). */
    public boolean[] matches(Connection c, List<Object[]> rows) throws SQLException {
        boolean[] out = new boolean[rows.size()];
        int most = Math.max(1, Math.min(ROWS_PER_STATEMENT, MAX_PLACEHOLDERS / Math.max(1, binds.length)));
        for (int from = 0; from < rows.size(); from += most) {
            int to = Math.min(rows.size(), from + most);
            int size = serverPrepared ? padded(to - from, most) : to - from;
            try {
                PreparedStatement ps = serverPrepared ? statement(c, size) : c.prepareStatement(sql(size));
                try {
                    int p = 1;
                    for (int i = from; i < from + size; i++) {
                        Object[] row = i < to ? rows.get(i) : null;
                        for (int position : binds) {
                            if (row == null) {
                                ps.setNull(p++, Types.NULL);
                            } else {
                                ps.setObject(p++, row[position]);
                            }
                        }
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        String answers = rs.getString(1);
                        for (int i = from; i < to; i++) {
                            out[i] = answers.charAt(i - from) == '1';
                        }
                    }
                } finally {
                    if (!serverPrepared) {
                        ps.close();
                    }
                }
            } catch (SQLException e) {
                forget(c);
                throw new SQLException("evaluating the row filter of " + table + " (" + filter.text() + ") failed: "
                        + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
            }
        }
        return out;
    }

    /** One query block, one column ('0'/'1' per row): 500 result columns would cost more in metadata. */
    private String sql(int rows) {
        StringBuilder sql = new StringBuilder("SELECT CONCAT(");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(condition);
        }
        return sql.append(')').toString();
    }

    private static int padded(int rows, int most) {
        return rows <= 8 ? Math.min(8, most) : rows <= 64 ? Math.min(64, most) : most;
    }

    /** This session's server-side statement for {@code rows} rows, prepared on first use. */
    private PreparedStatement statement(Connection c, int rows) throws SQLException {
        synchronized (prepared) {
            prepared.keySet().removeIf(RowFilterProbe::closed);
            Map<Integer, PreparedStatement> bySize = prepared.computeIfAbsent(c, k -> new HashMap<>());
            PreparedStatement ps = bySize.get(rows);
            if (ps == null || ps.isClosed()) {
                ps = c.isWrapperFor(JdbcConnection.class)
                        ? c.unwrap(JdbcConnection.class).serverPrepareStatement(sql(rows))
                        : c.prepareStatement(sql(rows));
                bySize.put(rows, ps);
            }
            return ps;
        }
    }

    private void forget(Connection c) {
        synchronized (prepared) {
            Map<Integer, PreparedStatement> gone = prepared.remove(c);
            if (gone != null) {
                for (PreparedStatement ps : gone.values()) {
                    try {
                        ps.close();
                    } catch (SQLException ignored) {
                        // the session is broken; its statements go with it
                    }
                }
            }
        }
    }

    private static boolean closed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** A placeholder typed like column {@code c}; columns whose values cannot be typed this way are refused. */
    static String typed(String table, Column c) {
        String type = c.columnType().toLowerCase(Locale.ROOT);
        return switch (c.dataType()) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "year" ->
                    c.unsigned() ? "CAST(? AS UNSIGNED)" : "CAST(? AS SIGNED)";
            case "decimal", "numeric" -> "CAST(? AS DECIMAL" + arguments(type, "(10,0)") + ")";
            case "float", "double", "real" -> "(? + 0E0)";
            case "date" -> "CAST(? AS DATE)";
            case "datetime", "timestamp" -> "CAST(? AS DATETIME" + arguments(type, "") + ")";
            case "time" -> "CAST(? AS TIME" + arguments(type, "") + ")";
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext" -> text(c, "?");
            case "enum" -> text(c, "ELT(?, " + labels(c.columnType()) + ")");
            case "set" -> text(c, "MAKE_SET(?, " + labels(c.columnType()) + ")");
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> "CAST(? AS BINARY)";
            default -> throw new IllegalStateException("the row filter of " + table + " uses column " + c.name()
                    + " of type " + c.columnType() + "; row filters can use number, date and time, text, ENUM, SET "
                    + "and binary string columns, not BIT, JSON or spatial ones");
        };
    }

    private static String text(Column c, String value) {
        if (c.charset() == null || c.collation() == null) {
            return value;
        }
        return "CONVERT(" + value + " USING " + c.charset() + ") COLLATE " + c.collation();
    }

    /** The {@code (p,s)} or {@code (fsp)} of a column type such as {@code decimal(10,2) unsigned}. */
    private static String arguments(String columnType, String otherwise) {
        int open = columnType.indexOf('(');
        int close = columnType.indexOf(')');
        return open < 0 || close < open ? otherwise : columnType.substring(open, close + 1);
    }

    /** The label list of {@code enum('a','b')}, as the server prints it (SQL string literals). */
    private static String labels(String columnType) {
        return columnType.substring(columnType.indexOf('(') + 1, columnType.lastIndexOf(')'));
    }
}
