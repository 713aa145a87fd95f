package dev.sluice.verification;

import dev.sluice.db.Sql;
import dev.sluice.task.TaskSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites only the rows a verification found different, on the destination, from the source's current rows:
 * REPLACE by key for missing and changed rows (INSERT ... ON DUPLICATE KEY UPDATE of the compared columns when
 * the task selects only some columns), DELETE by key for extra rows; for keyless tables it deletes or inserts the
 * exact surplus or shortfall of each row hash (DELETE ... LIMIT n). A dry run returns the SQL without running it.
 */
public final class Repairer {
    private static final int ROWS_PER_STATEMENT = 100;
    public static final List<String> SESSION = List.of(
            "SET SESSION time_zone = '+00:00'",
            "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'",
            "SET SESSION foreign_key_checks = 0");

    private final TaskSpec spec;

    public Repairer(TaskSpec spec) {
        this.spec = spec;
    }

    public RepairResult repair(List<TableTarget> targets, VerifyReport report, boolean dryRun) throws SQLException {
        Map<String, TableTarget> byName = new LinkedHashMap<>();
        targets.forEach(t -> byName.put(t.name(), t));
        List<String> statements = new ArrayList<>(SESSION);
        long[] counts = new long[2];
        try (Connection src = Sessions.open(spec.source())) {
            for (TableReport r : report.tables()) {
                if (r.error() != null || r.differences() == null || r.differences().isEmpty()) {
                    continue;
                }
                if (r.differences().size() < r.differenceCount() && r.differences().stream()
                        .allMatch(d -> d.rowHash() == null)) {
                    throw new IllegalStateException("the report of " + r.table() + " lists " + r.differences().size()
                            + " of " + r.differenceCount() + " differences; repair from a fresh in-memory "
                            + "verification (sluice verify --repair) instead of a stored report");
                }
                TableTarget t = byName.get(r.table());
                if (t == null) {
                    throw new IllegalStateException("table " + r.table() + " is no longer selected by the task");
                }
                if (t.keyed()) {
                    keyed(src, t, r.differences(), statements, counts);
                } else {
                    keyless(src, t, r.differences(), statements, counts);
                }
            }
        }
        if (!dryRun && statements.size() > SESSION.size()) {
            try (Connection dst = Sessions.open(spec.destination()); Statement st = dst.createStatement()) {
                for (String s : statements) {
                    st.execute(s);
                }
            }
        }
        return new RepairResult(List.copyOf(statements), counts[0], counts[1], !dryRun);
    }

    private static void keyed(Connection src, TableTarget t, List<Difference> diffs, List<String> out, long[] counts)
            throws SQLException {
        RowSql srcSql = new RowSql(t, Side.SOURCE);
        List<List<String>> copy = new ArrayList<>();
        List<List<String>> delete = new ArrayList<>();
        for (Difference d : diffs) {
            List<String> key = t.key().stream().map(k -> d.key().get(k.sourceName())).toList();
            (d.kind() == Difference.Kind.EXTRA ? delete : copy).add(key);
        }
        List<ColumnKind> keyKinds = t.key().stream().map(ColumnInfo::kind).toList();
        String select = "SELECT " + String.join(", ", t.columns().stream().map(srcSql::literalSelect).toList())
                + " FROM " + t.quoted(Side.SOURCE) + " WHERE ";
        List<List<String>> rows = new ArrayList<>();
        for (int from = 0; from < copy.size(); from += ROWS_PER_STATEMENT) {
            List<List<String>> batch = copy.subList(from, Math.min(copy.size(), from + ROWS_PER_STATEMENT));
            try (PreparedStatement ps = src.prepareStatement(select + srcSql.keysWhere(batch.size()))) {
                int i = 1;
                for (List<String> key : batch) {
                    for (int k = 0; k < key.size(); k++) {
                        Values.bind(ps, i++, keyKinds.get(k), key.get(k));
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<String> row = new ArrayList<>();
                        for (int c = 0; c < t.columns().size(); c++) {
                            row.add(Values.readLiteral(rs, c + 1, t.columns().get(c).kind()));
                        }
                        rows.add(row);
                    }
                }
            }
        }
        // a row changed since verification may have left the source: then it is extra on the destination
        Set<List<String>> copiedKeys = new HashSet<>();
        for (List<String> row : rows) {
            copiedKeys.add(t.key().stream().map(k -> row.get(t.keyPosition(k))).toList());
        }
        for (List<String> key : copy) {
            if (!copiedKeys.contains(key)) {
                delete.add(key);
            }
        }
        writeRows(t, rows, out);
        counts[0] += rows.size();
        for (List<String> key : delete) {
            List<String> conds = new ArrayList<>();
            for (int k = 0; k < t.key().size(); k++) {
                ColumnInfo c = t.key().get(k);
                conds.add(Sql.id(c.destName()) + " = " + Values.literal(c.kind(), key.get(k)));
            }
            out.add("DELETE FROM " + t.quoted(Side.DESTINATION) + " WHERE " + String.join(" AND ", conds));
            counts[1]++;
        }
    }

    private static void writeRows(TableTarget t, List<List<String>> rows, List<String> out) {
        if (rows.isEmpty()) {
            return;
        }
        String cols = String.join(", ", t.columns().stream().map(c -> Sql.id(c.destName())).toList());
        boolean partial = t.partialColumns();
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<String> tuples = new ArrayList<>();
            for (List<String> row : rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT))) {
                List<String> lits = new ArrayList<>();
                for (int c = 0; c < row.size(); c++) {
                    lits.add(Values.literal(t.columns().get(c).kind(), row.get(c)));
                }
                tuples.add("(" + String.join(", ", lits) + ")");
            }
            if (partial) {
                String upd = String.join(", ", t.columns().stream()
                        .map(c -> Sql.id(c.destName()) + " = VALUES(" + Sql.id(c.destName()) + ")").toList());
                out.add("INSERT INTO " + t.quoted(Side.DESTINATION) + " (" + cols + ") VALUES "
                        + String.join(", ", tuples) + " ON DUPLICATE KEY UPDATE " + upd);
            } else {
                out.add("REPLACE INTO " + t.quoted(Side.DESTINATION) + " (" + cols + ") VALUES "
                        + String.join(", ", tuples));
            }
        }
    }

    private static void keyless(Connection src, TableTarget t, List<Difference> diffs, List<String> out,
                                long[] counts) throws SQLException {
        RowSql srcSql = new RowSql(t, Side.SOURCE);
        RowSql dstSql = new RowSql(t, Side.DESTINATION);
        List<List<String>> inserts = new ArrayList<>();
        for (Difference d : diffs) {
            if (d.kind() == Difference.Kind.EXTRA) {
                out.add("DELETE FROM " + t.quoted(Side.DESTINATION) + " WHERE " + dstSql.rowHash() + " = "
                        + Sql.literal(d.rowHash()) + " LIMIT " + d.count());
                counts[1] += d.count();
            } else if (d.kind() == Difference.Kind.MISSING) {
                String q = "SELECT " + String.join(", ", t.columns().stream().map(srcSql::literalSelect).toList())
                        + " FROM " + t.quoted(Side.SOURCE) + " WHERE " + srcSql.rowHash() + " = ? LIMIT " + d.count();
                try (PreparedStatement ps = src.prepareStatement(q)) {
                    ps.setString(1, d.rowHash());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            List<String> row = new ArrayList<>();
                            for (int c = 0; c < t.columns().size(); c++) {
                                row.add(Values.readLiteral(rs, c + 1, t.columns().get(c).kind()));
                            }
                            inserts.add(row);
                        }
                    }
                }
            }
        }
        String cols = String.join(", ", t.columns().stream().map(c -> Sql.id(c.destName())).toList());
        for (List<String> row : inserts) {
            List<String> lits = new ArrayList<>();
            for (int c = 0; c < row.size(); c++) {
                lits.add(Values.literal(t.columns().get(c).kind(), row.get(c)));
            }
            out.add("INSERT INTO " + t.quoted(Side.DESTINATION) + " (" + cols + ") VALUES (" + String.join(", ", lits)
                    + ")");
            counts[0]++;
        }
    }
}
