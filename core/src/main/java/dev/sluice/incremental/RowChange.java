package dev.sluice.incremental;

import dev.sluice.binlog.BinlogCoordinate;
import java.util.Arrays;

/**
 * One row change bound for the destination, already converted to JDBC values: {@code after} and {@code before}
 * are aligned with {@link TargetTable#columns()}, {@code key} holds the row identity key values (of the row before the
 * change for deletes, after it otherwise). {@code at} is its place in the binlog.
 */
public record RowChange(TargetTable target, Kind kind, Object[] key, Object[] before, Object[] after,
                        BinlogCoordinate at) {

    /** What to do on the destination. */
    public enum Kind {
        /** Insert or overwrite the row with {@code after} (INSERT, REPLACE, UPDATE that keeps the key). */
        UPSERT,
        /** Delete the row with {@code key}. */
        DELETE,
        /** UPDATE of a table applied in exact order whose key changed: {@code key} is the old key. */
        UPDATE_KEY,
        /** Keyless table: insert {@code after}. */
        INSERT_ROW,
        /**
         * Keyless table, change from before the replay horizon of a full-copy task: insert {@code after} unless an
         * equal row exists (the copy may hold it already).
         */
        INSERT_MISSING,
        /** Keyless table: change one row equal to {@code before} into {@code after}. */
        UPDATE_ROW,
        /** Keyless table: delete one row equal to {@code before}. */
        DELETE_ROW
    }

    /** A key with value equality (byte arrays by content), for compaction maps. */
    public record Key(Object[] values) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.deepEquals(values, k.values);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(values);
        }
    }

    /**
     * A hash that is equal for key values a case-insensitive collation treats as equal (so such changes meet in the
     * same worker, in order).
     */
    public static int routingHash(Object[] key) {
        int h = 1;
        for (Object v : key) {
            int e;
            if (v == null) {
                e = 0;
            } else if (v instanceof String s) {
                e = s.stripTrailing().toLowerCase().hashCode();
            } else if (v instanceof byte[] b) {
                e = Arrays.hashCode(b);
            } else if (v instanceof Number n) {
                e = Long.hashCode(n.longValue());
            } else {
                e = v.hashCode();
            }
            h = 31 * h + e;
        }
        return h;
    }
}
