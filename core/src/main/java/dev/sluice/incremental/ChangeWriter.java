package dev.sluice.incremental;

import dev.sluice.db.Sql;
import dev.sluice.db.TypedJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a worker's share of a batch to the destination inside the caller's transaction, with as few statements
 * as order allows: for tables whose only unique key is the row identity key, each key's changes compact to one net
 * change (one multi-row {@code DELETE ... IN} plus one multi-row upsert per table); for other tables the changes
 * run in binlog order, consecutive changes of the same kind merged. Keyless rows are matched on all columns with
 * {@code LIMIT 1}, so duplicate rows stay as many as the source has.
 */
public final class ChangeWriter {
    static final int MAX_ROWS_PER_STATEMENT = 1000;
    static final long MAX_BYTES_PER_STATEMENT = 4L << 20;
    private static final Object[] NO_VALUES = {};

    private final Connection c;
    private long statements;

    public ChangeWriter(Connection c) {
        this.c = c;
    }

    public long statements() {
        return statements;
    }

    /** Applies the changes (in binlog order) without committing. */
    public void apply(List<RowChange> changes) throws SQLException {
        // targets are shared instances (TargetTables caches them): group by identity, in first-seen order, without
        // hashing the record's column lists for every change
        Map<TargetTable, List<RowChange>> byTable = new java.util.IdentityHashMap<>();
        List<TargetTable> order = new ArrayList<>();
        TargetTable last = null;
        List<RowChange> lastList = null;
        for (RowChange ch : changes) {
            if (ch.target() != last) {
                last = ch.target();
                lastList = byTable.get(last);
                if (lastList == null) {
                    lastList = new ArrayList<>();
                    byTable.put(last, lastList);
                    order.add(last);
                }
            }
            lastList.add(ch);
        }
        for (TargetTable t : order) {
            List<RowChange> list = t.rowFilter() == null ? byTable.get(t)
                    : FilteredChanges.apply(c, t, byTable.get(t));   // the task's row filter (issue 18)
            if (t.mode() == TargetTable.Mode.COMPACT) {
                applyCompacted(t, list);
            } else {
                applyInOrder(t, list);
            }
        }
    }

    private void applyCompacted(TargetTable t, List<RowChange> changes) throws SQLException {
        Map<RowChange.Key, RowChange> net = new LinkedHashMap<>();
        for (RowChange ch : changes) {
            net.put(new RowChange.Key(ch.key()), ch);
        }
        List<RowChange> deletes = new ArrayList<>();
        List<RowChange> upserts = new ArrayList<>();
        for (RowChange ch : net.values()) {
            (ch.kind() == RowChange.Kind.DELETE ? deletes : upserts).add(ch);
        }
        deleteByKey(t, deletes);
        upsert(t, upserts);
    }

    private void applyInOrder(TargetTable t, List<RowChange> changes) throws SQLException {
        int i = 0;
        while (i < changes.size()) {
            RowChange.Kind kind = changes.get(i).kind();
            int j = i;
            while (j < changes.size() && changes.get(j).kind() == kind) {
                j++;
            }
            List<RowChange> run = changes.subList(i, j);
            switch (kind) {
                case UPSERT -> upsert(t, run);
                case DELETE -> deleteByKey(t, run);
                case INSERT_ROW -> insert(t, run, false);
                case UPDATE_KEY -> {
                    for (RowChange ch : run) {
                        updateByKey(t, ch);
                    }
                }
                case INSERT_MISSING -> {
                    for (RowChange ch : run) {
                        insertMissing(t, ch);
                    }
                }
                case UPDATE_ROW -> {
                    for (RowChange ch : run) {
                        updateRow(t, ch);
                    }
                }
                case DELETE_ROW -> {
                    for (RowChange ch : run) {
                        deleteRow(t, ch);
                    }
                }
            }
            i = j;
        }
    }

    private void upsert(TargetTable t, List<RowChange> rows) throws SQLException {
        insert(t, rows, true);
    }

    private void insert(TargetTable t, List<RowChange> rows, boolean upsert) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder head = new StringBuilder("INSERT INTO ").append(t.qualified()).append(" (");
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < t.columns().size(); i++) {
            head.append(i == 0 ? "" : ", ").append(Sql.id(t.columns().get(i).name()));
            tuple.append(i == 0 ? "?" : ", ?");
        }
        head.append(") VALUES ");
        tuple.append(')');
        String tail = "";
        if (upsert) {
            StringBuilder odku = new StringBuilder(" ON DUPLICATE KEY UPDATE ");
            boolean first = true;
            for (TargetTable.Column col : t.columns()) {
                if (t.keyNames().contains(col.name()) && t.columns().size() > t.keyNames().size()) {
                    continue;
                }
                odku.append(first ? "" : ", ").append(Sql.id(col.name())).append(" = VALUES(")
                        .append(Sql.id(col.name())).append(')');
                first = false;
            }
            tail = odku.toString();
        }
        int from = 0;
        while (from < rows.size()) {
            int to = from;
            long bytes = 0;
            while (to < rows.size() && to - from < MAX_ROWS_PER_STATEMENT && bytes < MAX_BYTES_PER_STATEMENT) {
                bytes += size(rows.get(to).after());
                to++;
            }
            StringBuilder sql = new StringBuilder(head.length() + (to - from) * (tuple.length() + 2) + tail.length());
            sql.append(head);
            for (int r = from; r < to; r++) {
                Object[] after = rows.get(r).after();
                sql.append(r == from ? "" : ",");
                if (hasExpression(after)) {
                    placeholders(sql.append('('), after).append(')');
                } else {
                    sql.append(tuple);
                }
            }
            sql.append(tail);
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int p = 1;
                for (int r = from; r < to; r++) {
                    for (Object v : rows.get(r).after()) {
                        p = bind(ps, p, v);
                    }
                }
                ps.executeUpdate();
                statements++;
            } catch (SQLException e) {
                throw RejectedValues.explain(e, t, rows.subList(from, to));
            }
            from = to;
        }
    }

    private void deleteByKey(TargetTable t, List<RowChange> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<String> k = t.keyNames();
        for (int from = 0; from < rows.size(); from += MAX_ROWS_PER_STATEMENT) {
            int to = Math.min(rows.size(), from + MAX_ROWS_PER_STATEMENT);
            StringBuilder sql = new StringBuilder("DELETE FROM ").append(t.qualified()).append(" WHERE ");
            if (k.size() == 1) {
                sql.append(Sql.id(k.get(0))).append(" IN (");
                for (int r = from; r < to; r++) {
                    sql.append(r == from ? "?" : ",?");
                }
                sql.append(')');
            } else {
                String one = keyCondition(k);
                for (int r = from; r < to; r++) {
                    sql.append(r == from ? "(" : " OR (").append(one).append(')');
                }
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int p = 1;
                for (int r = from; r < to; r++) {
                    for (Object v : rows.get(r).key()) {
                        p = bind(ps, p, v);
                    }
                }
                ps.executeUpdate();
                statements++;
            }
        }
    }

    private void updateByKey(TargetTable t, RowChange ch) throws SQLException {
        String sql = setEveryColumn(t, ch.after()) + " WHERE " + keyCondition(t.keyNames());
        execute(t, ch, sql, ch.after(), Arrays.asList(ch.key()));
    }

    private void updateRow(TargetTable t, RowChange ch) throws SQLException {
        List<Object> match = new ArrayList<>();
        String sql = setEveryColumn(t, ch.after()) + " WHERE " + rowCondition(t, ch.before(), match) + " LIMIT 1";
        execute(t, ch, sql, ch.after(), match);
    }

    private void insertMissing(TargetTable t, RowChange ch) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(t.qualified()).append(" (");
        for (int i = 0; i < t.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(Sql.id(t.columns().get(i).name()));
        }
        List<Object> match = new ArrayList<>();
        placeholders(sql.append(") SELECT "), ch.after()).append(" FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM ")
                .append(t.qualified()).append(" WHERE ").append(rowCondition(t, ch.after(), match)).append(')');
        execute(t, ch, sql.toString(), ch.after(), match);
    }

    private void deleteRow(TargetTable t, RowChange ch) throws SQLException {
        List<Object> match = new ArrayList<>();
        String sql = "DELETE FROM " + t.qualified() + " WHERE " + rowCondition(t, ch.before(), match) + " LIMIT 1";
        execute(t, ch, sql, NO_VALUES, match);
    }

    /** {@code UPDATE table SET col1 = ?, col2 = ?, ...} over every column, without the WHERE clause. */
    private static String setEveryColumn(TargetTable t, Object[] values) {
        StringBuilder sql = new StringBuilder("UPDATE ").append(t.qualified()).append(" SET ");
        for (int i = 0; i < t.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(Sql.id(t.columns().get(i).name())).append(" = ")
                    .append(placeholder(values[i]));
        }
        return sql.toString();
    }

    /** The placeholder of a value: {@code ?}, or the SQL expression of a typed JSON document. */
    private static String placeholder(Object v) {
        return v instanceof TypedJson.Expression j ? j.sql() : "?";
    }

    private static StringBuilder placeholders(StringBuilder sql, Object[] values) {
        for (int i = 0; i < values.length; i++) {
            sql.append(i == 0 ? "" : ", ").append(placeholder(values[i]));
        }
        return sql;
    }

    private static boolean hasExpression(Object[] values) {
        for (Object v : values) {
            if (v instanceof TypedJson.Expression) {
                return true;
            }
        }
        return false;
    }

    /** Runs one single-row statement with {@code values} then {@code match} bound as its parameters, in order. */
    private void execute(TargetTable t, RowChange ch, String sql, Object[] values, List<Object> match)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            for (Object v : values) {
                p = bind(ps, p, v);
            }
            for (Object v : match) {
                p = bind(ps, p, v);
            }
            ps.executeUpdate();
            statements++;
        } catch (SQLException e) {
            throw RejectedValues.explain(e, t, List.of(ch));
        }
    }

    private static String keyCondition(List<String> keyNames) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keyNames.size(); i++) {
            sb.append(i == 0 ? "" : " AND ").append(Sql.id(keyNames.get(i))).append(" = ?");
        }
        return sb.toString();
    }

    /**
     * Equality on every column (IS NULL for NULL). FLOAT columns take part too: the value is bound as the float's
     * exact double ({@link #bind}), which the server compares exactly with the stored float, so two rows that differ
     * only in a FLOAT are told apart.
     */
    private static String rowCondition(TargetTable t, Object[] values, List<Object> params) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.columns().size(); i++) {
            TargetTable.Column col = t.columns().get(i);
            sb.append(sb.length() == 0 ? "" : " AND ");
            if (values[i] != null && "set".equals(col.dataType())) {
                // a SET compares with a number as a double: bitmasks above 2^53 (64 members) would blur, and one
                // with bit 63 reads as negative; the unsigned integer is exact
                sb.append("CAST(").append(Sql.id(col.name())).append(" AS UNSIGNED) = ?");
                params.add(values[i]);
                continue;
            }
            sb.append(Sql.id(col.name()));
            if (values[i] == null) {
                sb.append(" IS NULL");
                continue;
            }
            // text compares byte-exact (a case-insensitive collation would match a different duplicate)
            // ENUM/SET values are bound as index/bitmask: compared as numbers, a COLLATE would make them text
            sb.append(values[i] instanceof TypedJson.Expression j ? " = " + j.sql()
                    : col.isJson() ? " = CAST(? AS JSON)"
                    : col.charset() != null && !col.isEnumOrSet() ? " = ? COLLATE utf8mb4_bin" : " = ?");
            params.add(values[i]);
        }
        return sb.length() == 0 ? "1 = 1" : sb.toString();
    }

    /** Binds {@code v} at {@code index}; returns the next parameter index (a typed JSON value binds several). */
    static int bind(PreparedStatement ps, int index, Object v) throws SQLException {
        if (v instanceof TypedJson.Expression j) {
            int p = index;
            for (Object o : j.params()) {
                ps.setString(p++, (String) o);
            }
            return p;
        }
        if (v == null) {
            ps.setNull(index, java.sql.Types.NULL);
        } else if (v instanceof byte[] b) {
            ps.setBytes(index, b);
        } else if (v instanceof String s) {
            ps.setString(index, s);
        } else if (v instanceof Integer i) {
            ps.setInt(index, i);
        } else if (v instanceof Long l) {
            ps.setLong(index, l);
        } else if (v instanceof BigDecimal d) {
            ps.setBigDecimal(index, d);
        } else if (v instanceof Float f) {
            // the float's exact value as a double: its shortest text (3.4028235E38 for FLT_MAX) reads back on the
            // server as a double just above FLT_MAX, which a strict session refuses as out of range
            ps.setDouble(index, f.doubleValue());
        } else if (v instanceof BigInteger bi) {
            ps.setBigDecimal(index, new BigDecimal(bi));
        } else {
            ps.setObject(index, v);
        }
        return index + 1;
    }

    private static long size(Object[] row) {
        long n = 16;
        for (Object v : row) {
            if (v instanceof byte[] b) {
                n += b.length * 2L + 10;
            } else if (v instanceof String s) {
                n += s.length() * 3L + 4;
            } else if (v instanceof TypedJson.Expression j) {
                n += j.text().length() * 4L + 4;
            } else {
                n += 12;
            }
        }
        return n;
    }
}
