package dev.sluice.table;

import java.util.List;

/**
 * One planned piece of a table: the key range {@code [lo, hi)} ({@code null} = unbounded on that side) in key-column
 * order, as {@link KeyValues} strings. A keyless table has one chunk with {@code wholeTable} set (the full copy
 * replaces the whole destination table in one transaction); a keyed table whose key cannot be ranged (see
 * {@link Column#orderable()}) or that is small has one chunk without bounds.
 */
public record Chunk(TableRef table, int seq, List<String> lo, List<String> hi, long estimatedRows,
                    boolean wholeTable) {

    public String describe() {
        return table.key() + "#" + seq + (wholeTable ? " (whole table)"
                : " [" + (lo == null ? "-inf" : String.join(",", lo)) + ", "
                + (hi == null ? "+inf" : String.join(",", hi)) + ")");
    }
}
