package dev.sluice.table;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * How Sluice tells one row of a table from another, the ONE rule every phase uses: the full copy cuts and
 * re-copies chunks by it, replication upserts and deletes by it, verification matches rows by it, precheck warns
 * when there is none.
 *
 * <ol>
 *   <li>the PRIMARY KEY, when it is usable;</li>
 *   <li>else the narrowest usable UNIQUE key: fewest columns, then the fewest index bytes (sum of
 *       {@link Column#maxBytes()}), then the index name in binary (String) order — deterministic on every server;</li>
 *   <li>else none: the whole row identifies it ({@link Kind#WHOLE_ROW}, keyless: copied as one whole-table chunk,
 *       replicated by matching every column with LIMIT 1, verified as a multiset of row hashes).</li>
 * </ol>
 * A key is usable when it is unique, every part is a whole column (no prefix index, no functional key part), and
 * every column is NOT NULL (NULLs may repeat in a UNIQUE key), not a VIRTUAL generated column (its value is not
 * stored; a STORED generated column is) and selected by the task (a column left out of the copy cannot find the
 * destination row).
 */
public record RowIdentity(Kind kind, String keyName, List<Column> columns) {

    public enum Kind { PRIMARY, UNIQUE, WHOLE_ROW }

    private static final RowIdentity WHOLE_ROW = new RowIdentity(Kind.WHOLE_ROW, null, List.of());

    public RowIdentity {
        columns = List.copyOf(columns);
    }

    /** The identity of {@code table} when only the columns {@code selected} accepts are copied. */
    public static RowIdentity of(TableModel table, Predicate<String> selected) {
        List<Candidate> usable = new ArrayList<>();
        for (Key k : table.keys()) {
            usableColumns(table, k, selected).ifPresent(cols -> usable.add(new Candidate(k, cols)));
        }
        return usable.stream().min(ORDER)
                .map(c -> new RowIdentity(c.key.primary() ? Kind.PRIMARY : Kind.UNIQUE, c.key.name(), c.columns))
                .orElse(WHOLE_ROW);
    }

    private record Candidate(Key key, List<Column> columns) {
        long bytes() {
            return columns.stream().mapToLong(Column::maxBytes).sum();
        }
    }

    private static final Comparator<Candidate> ORDER = Comparator.<Candidate, Boolean>comparing(c -> !c.key.primary())
            .thenComparingInt(c -> c.columns.size())
            .thenComparingLong(Candidate::bytes)
            .thenComparing(c -> c.key.name());

    private static Optional<List<Column>> usableColumns(TableModel t, Key k, Predicate<String> selected) {
        if (!k.unique() || k.functional() || k.prefixed() || k.columns().isEmpty()) {
            return Optional.empty();
        }
        List<Column> out = new ArrayList<>();
        for (String name : k.columns()) {
            Optional<Column> c = t.column(name);
            if (c.isEmpty() || c.get().nullable() || c.get().generation() == Column.Generation.VIRTUAL
                    || !selected.test(c.get().name())) {
                return Optional.empty();
            }
            out.add(c.get());
        }
        return Optional.of(out);
    }

    public boolean keyed() {
        return kind != Kind.WHOLE_ROW;
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** True when the table has a unique index other than this identity (nullable and prefix ones included). */
    public boolean hasOtherUniqueKeys(TableModel table) {
        return table.keys().stream().anyMatch(k -> k.unique() && !k.name().equals(keyName));
    }

    /** For messages: {@code PRIMARY(id)}, {@code uk(a, b)} or {@code whole row}. */
    public String describe() {
        return keyed() ? keyName + "(" + String.join(", ", columnNames()) + ")" : "whole row";
    }
}
