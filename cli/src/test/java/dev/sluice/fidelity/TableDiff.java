package dev.sluice.fidelity;

import dev.sluice.fidelity.ValueReader.ColumnRead;
import dev.sluice.fidelity.ValueReader.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Value-by-value comparison of one table read on both sides by {@link ValueReader}. */
final class TableDiff {
    private TableDiff() {
    }

    /** The rows with one id that differ: the columns whose cells differ (or the row count), and both sides. */
    record IdDiff(long id, List<String> columns, List<List<String>> source, List<List<String>> destination) {
        /** The cells of {@code column} on each side, for messages. */
        String show(Table t, String column) {
            int i = t.index(column);
            return "source " + cells(source, i) + ", destination " + cells(destination, i);
        }

        private static List<String> cells(List<List<String>> rows, int i) {
            return rows.stream().map(r -> abbreviate(r.get(i))).toList();
        }
    }

    static String abbreviate(String s) {
        if (s.length() <= 200) {
            return s;
        }
        return s.substring(0, 100) + "...(" + s.length() + " chars, hash " + Integer.toHexString(s.hashCode()) + ")";
    }

    /** Differences in the column lists (name and data type), empty when equal. */
    static List<String> columns(Table source, Table destination) {
        List<String> out = new ArrayList<>();
        List<String> a = source.columns().stream().map(c -> c.name() + " " + c.dataType()).toList();
        List<String> b = destination.columns().stream().map(c -> c.name() + " " + c.dataType()).toList();
        if (!a.equals(b)) {
            out.add("columns differ: source " + a + ", destination " + b);
        }
        return out;
    }

    /** Rows grouped by the integer column {@code idColumn}; every id whose rows differ as a multiset. */
    static List<IdDiff> byId(Table source, Table destination, String idColumn) {
        Map<Long, List<List<String>>> a = group(source, idColumn);
        Map<Long, List<List<String>>> b = group(destination, idColumn);
        TreeMap<Long, Boolean> ids = new TreeMap<>();
        a.keySet().forEach(k -> ids.put(k, true));
        b.keySet().forEach(k -> ids.put(k, true));
        List<IdDiff> out = new ArrayList<>();
        List<ColumnRead> cols = source.columns();
        for (long id : ids.keySet()) {
            List<List<String>> ra = a.getOrDefault(id, List.of());
            List<List<String>> rb = b.getOrDefault(id, List.of());
            if (sorted(ra).equals(sorted(rb))) {
                continue;
            }
            List<String> differing = new ArrayList<>();
            if (ra.size() != rb.size()) {
                differing.add("row count " + ra.size() + " vs " + rb.size());
            }
            for (int i = 0; i < cols.size() && ra.size() == rb.size(); i++) {
                int col = i;
                List<String> ca = ra.stream().map(r -> r.get(col)).sorted().toList();
                List<String> cb = rb.stream().map(r -> col < r.size() ? r.get(col) : "<missing>").sorted().toList();
                if (!ca.equals(cb)) {
                    differing.add(cols.get(i).name());
                }
            }
            out.add(new IdDiff(id, differing, ra, rb));
        }
        return out;
    }

    /** Whole rows compared as multisets: up to {@code max} rows found only in the source / the destination. */
    static List<String> rows(Table source, Table destination, int max) {
        List<String> a = new ArrayList<>(source.rows().stream().map(TableDiff::join).sorted().toList());
        List<String> b = new ArrayList<>(destination.rows().stream().map(TableDiff::join).sorted().toList());
        List<String> onlyA = new ArrayList<>(a);
        b.forEach(onlyA::remove);
        List<String> onlyB = new ArrayList<>(b);
        a.forEach(onlyB::remove);
        List<String> out = new ArrayList<>();
        if (onlyA.isEmpty() && onlyB.isEmpty()) {
            return out;
        }
        out.add("rows: source " + a.size() + ", destination " + b.size() + "; only in source " + onlyA.size()
                + ", only in destination " + onlyB.size());
        onlyA.stream().limit(max).forEach(r -> out.add("  only in source:      " + abbreviate(r)));
        onlyB.stream().limit(max).forEach(r -> out.add("  only in destination: " + abbreviate(r)));
        return out;
    }

    private static String join(List<String> row) {
        return String.join(" ; ", row);
    }

    private static List<String> sorted(List<List<String>> rows) {
        return rows.stream().map(TableDiff::join).sorted().toList();
    }

    private static Map<Long, List<List<String>>> group(Table t, String idColumn) {
        int i = t.index(idColumn);
        Map<Long, List<List<String>>> out = new TreeMap<>();
        for (List<String> r : t.rows()) {
            String cell = r.get(i);
            int bar = cell.indexOf(" |");
            String v = bar < 0 ? cell : cell.substring(0, bar);
            long id = "NULL".equals(v) ? Long.MIN_VALUE : Long.parseLong(v);
            out.computeIfAbsent(id, k -> new ArrayList<>()).add(r);
        }
        return out;
    }
}
