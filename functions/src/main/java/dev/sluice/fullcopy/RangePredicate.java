package dev.sluice.fullcopy;

import dev.sluice.db.Sql;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The SQL condition selecting a chunk's key range {@code [lo, hi)} in lexicographic key order, written out as
 * {@code a > ? OR (a = ? AND b >= ?)} so every server's range optimizer uses the index, with its bind values.
 */
public final class RangePredicate {
    private final String sql;
    private final List<ColumnInfo> bindColumns = new ArrayList<>();
    private final List<String> bindValues = new ArrayList<>();

    private RangePredicate(List<ColumnInfo> key, List<String> lo, List<String> hi, Function<ColumnInfo, String> name) {
        List<String> parts = new ArrayList<>();
        if (lo != null) {
            parts.add(bound(key, lo, name, ">", ">="));
        }
        if (hi != null) {
            parts.add(bound(key, hi, name, "<", "<"));
        }
        this.sql = parts.isEmpty() ? "1=1" : String.join(" AND ", parts);
    }

    /** The predicate over source column names. */
    public static RangePredicate source(List<ColumnInfo> key, List<String> lo, List<String> hi) {
        return new RangePredicate(key, lo, hi, ColumnInfo::name);
    }

    /** The predicate over destination column names (after mapping). */
    public static RangePredicate destination(List<ColumnInfo> key, List<String> lo, List<String> hi) {
        return new RangePredicate(key, lo, hi, ColumnInfo::destinationName);
    }

    private String bound(List<ColumnInfo> key, List<String> v, Function<ColumnInfo, String> name, String strict,
                         String last) {
        List<String> ors = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            StringBuilder and = new StringBuilder();
            for (int j = 0; j < i; j++) {
                and.append(Sql.id(name.apply(key.get(j)))).append(" = ? AND ");
                bindColumns.add(key.get(j));
                bindValues.add(v.get(j));
            }
            and.append(Sql.id(name.apply(key.get(i)))).append(' ').append(i == key.size() - 1 ? last : strict)
                    .append(" ?");
            bindColumns.add(key.get(i));
            bindValues.add(v.get(i));
            ors.add(key.size() == 1 ? and.toString() : "(" + and + ")");
        }
        return ors.size() == 1 ? ors.get(0) : "(" + String.join(" OR ", ors) + ")";
    }

    public String sql() {
        return sql;
    }

    /** Binds the values starting at parameter {@code first}; returns the next free parameter index. */
    public int bind(PreparedStatement ps, int first) throws SQLException {
        int p = first;
        for (int i = 0; i < bindValues.size(); i++) {
            KeyValues.bind(ps, p++, bindColumns.get(i), bindValues.get(i));
        }
        return p;
    }
}
