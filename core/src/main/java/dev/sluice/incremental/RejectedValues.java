package dev.sluice.incremental;

import dev.sluice.db.TypedJson;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Explains a value the destination refused in the applier's strict session (a narrower column, a range the
 * destination does not allow): which table, row key, column, value and source binlog position, and what to do.
 * The result is a {@link SQLDataException}, which {@code failure.Failures} treats as fatal: retrying cannot help,
 * and writing the value changed (as a permissive sql_mode would) is never an option.
 */
final class RejectedValues {
    /**
     * Data too long (1406), out of range (1264), data truncated (1265), incorrect temporal/truncated value (1292),
     * incorrect value for the type (1366, 1367), NULL into NOT NULL (1048), invalid JSON (3140), out of range in an
     * expression (1690).
     */
    private static final Set<Integer> VALUE_ERRORS = Set.of(1406, 1264, 1265, 1292, 1366, 1367, 1048, 3140, 1690);
    private static final int MAX_SHOWN = 200;

    private RejectedValues() {
    }

    /** {@code e} itself unless it refuses a value; then the explained fatal error for the row it names. */
    static SQLException explain(SQLException e, TargetTable t, List<RowChange> rows) {
        if (!VALUE_ERRORS.contains(e.getErrorCode()) || rows.isEmpty()) {
            return e;
        }
        String m = e.getMessage() == null ? "" : e.getMessage();
        int row = Math.min(Math.max(rowNumber(m), 1), rows.size());
        RowChange ch = rows.get(row - 1);
        String column = columnName(m);
        StringBuilder sb = new StringBuilder("the destination refused a replicated value of table ")
                .append(t.db()).append('.').append(t.table()).append(" (source ").append(t.sourceName())
                .append("), ").append(describeRow(t, ch));
        Object[] values = ch.after() != null ? ch.after() : ch.before();
        if (column != null && values != null) {
            for (int i = 0; i < t.columns().size(); i++) {
                if (t.columns().get(i).name().equalsIgnoreCase(column)) {
                    sb.append(", column ").append(column).append(" value ").append(show(values[i]));
                }
            }
        }
        sb.append(", from the source binlog at ").append(ch.at().describe()).append(": ").append(m)
                .append(". The destination column cannot hold the source's value unchanged; widen it to the "
                        + "source's definition (ALTER TABLE ").append(t.db()).append('.').append(t.table())
                .append(" MODIFY ").append(column == null ? "<column>" : column)
                .append(" ...), then resume the task. Sluice does not write a value the destination would change.");
        return new SQLDataException(sb.toString(), e.getSQLState(), e.getErrorCode(), e);
    }

    private static String describeRow(TargetTable t, RowChange ch) {
        StringBuilder sb = new StringBuilder();
        if (t.hasKey() && ch.key() != null) {
            sb.append("row with key (");
            for (int i = 0; i < ch.key().length; i++) {
                sb.append(i == 0 ? "" : ", ").append(t.keyNames().get(i)).append('=').append(show(ch.key()[i]));
            }
            return sb.append(')').toString();
        }
        Object[] values = ch.after() != null ? ch.after() : ch.before();
        sb.append("row without key (");
        for (int i = 0; values != null && i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(t.columns().get(i).name()).append('=').append(show(values[i]));
        }
        return sb.append(')').toString();
    }

    /** N of the server's "... at row N" (1-based within a multi-row statement); 1 when it names none. */
    static int rowNumber(String message) {
        int at = message.lastIndexOf(" at row ");
        if (at < 0) {
            return 1;
        }
        int i = at + 8;
        int n = 0;
        while (i < message.length() && Character.isDigit(message.charAt(i)) && n < 1_000_000) {
            n = n * 10 + (message.charAt(i++) - '0');
        }
        return n == 0 ? 1 : n;
    }

    /** The column the server's message names ({@code column 'x'}), or null. */
    static String columnName(String message) {
        int at = message.indexOf("column '");
        if (at < 0) {
            return null;
        }
        int end = message.indexOf('\'', at + 8);
        return end < 0 ? null : message.substring(at + 8, end);
    }

    static String show(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof byte[] b && printable(b)) {
            return show(new String(b, java.nio.charset.StandardCharsets.US_ASCII));
        }
        if (v instanceof byte[] b) {
            String hex = HexFormat.of().withUpperCase().formatHex(b, 0, Math.min(b.length, MAX_SHOWN / 2));
            return "0x" + hex + (b.length > MAX_SHOWN / 2 ? "... (" + b.length + " bytes)" : "");
        }
        String s = v instanceof TypedJson.Expression j ? j.text() : v.toString();
        String cut = s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "... (" + s.length() + " characters)" : s;
        return v instanceof Number ? cut : "'" + cut + "'";
    }

    private static boolean printable(byte[] b) {
        for (byte x : b) {
            if (x < 0x20 || x > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
