package dev.sluice.fullcopy;

import java.util.List;

/**
 * One planned piece of a table: the key range {@code [lo, hi)} ({@code null} = unbounded on that side) in key-column
 * order, as strings (binary key values hex-encoded, see {@link KeyValues}). A table without a usable key has one
 * chunk with {@code wholeTable} set: it is copied by replacing the whole destination table in one transaction.
 */
public record Chunk(TableRef table, int seq, List<String> lo, List<String> hi, long estimatedRows,
                    boolean wholeTable) {

    /** The ledger sort key {@code CHUNK#<db>.<table>#<seq>} (seq zero-padded so they sort in order). */
    public String sortKey() {
        return sortKeyPrefix(table) + String.format("%06d", seq);
    }

    public static String sortKeyPrefix(TableRef t) {
        return "CHUNK#" + t.key() + "#";
    }

    public String describe() {
        return table.key() + "#" + seq + (wholeTable ? " (whole table)"
                : " [" + (lo == null ? "-inf" : String.join(",", lo)) + ", "
                + (hi == null ? "+inf" : String.join(",", hi)) + ")");
    }
}
