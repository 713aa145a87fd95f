package dev.sluice.table;

import dev.sluice.db.Sql;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL condition selecting the key range {@code [lo, hi)} in lexicographic key order ({@code null} = open on
 * that side), with its bind values: keyset pagination's {@code (a, b) >= (?, ?)} written out as the disjunction
 * {@code (a > ? OR (a = ? AND b >= ?))}, which the range optimizer of MySQL 5.7, 8.0 and MariaDB turns into index
 * ranges (a row constructor comparison is not always used for a range scan). The one key-range builder of the full
 * copy (source reads, destination deletes) and verification (both sides).
 */
public final class KeyRange {
    private final String sql;
    private final List<Column> bindColumns = new ArrayList<>();
    private final List<String> bindValues = new ArrayList<>();

    /**
     * The range over {@code key}, whose columns are named {@code names} on the side it runs on (the destination's
     * names may differ under a name mapping).
     */
    public KeyRange(List<Column> key, List<String> names, List<String> lo, List<String> hi) {
        if (names.size() != key.size()) {
            throw new IllegalArgumentException("key " + key + " has " + key.size() + " columns, names " + names);
        }
        List<String> parts = new ArrayList<>();
        if (lo != null) {
            parts.add(bound(key, names, lo, ">", ">="));
        }
        if (hi != null) {
            parts.add(bound(key, names, hi, "<", "<"));
        }
        this.sql = parts.isEmpty() ? "1=1" : String.join(" AND ", parts);
    }

    /** The range over the key's own (source) column names. */
    public static KeyRange of(List<Column> key, List<String> lo, List<String> hi) {
        return new KeyRange(key, key.stream().map(Column::name).toList(), lo, hi);
    }

    private String bound(List<Column> key, List<String> names, List<String> v, String strict, String last) {
        List<String> ors = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            StringBuilder and = new StringBuilder();
            for (int j = 0; j < i; j++) {
                and.append(Sql.id(names.get(j))).append(" = ? AND ");
                bindColumns.add(key.get(j));
                bindValues.add(v.get(j));
            }
            and.append(Sql.id(names.get(i))).append(' ').append(i == key.size() - 1 ? last : strict).append(" ?");
            bindColumns.add(key.get(i));
            bindValues.add(v.get(i));
            ors.add(key.size() == 1 ? and.toString() : "(" + and + ")");
        }
        return ors.size() == 1 ? ors.get(0) : "(" + String.join(" OR ", ors) + ")";
    }

    /** The condition ({@code 1=1} for an unbounded range). */
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
