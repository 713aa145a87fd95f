package dev.sluice.verification;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What cutover compares of a table after an equal full verification (ADR 0053, ADR 0054): the keys replication
 * touched since, with neighbouring keys of a single integer key coalesced into key ranges. A run of at least
 * {@value #MIN_RUN} keys, each within {@value #MAX_GAP} of the previous one, becomes the range from its first to its
 * last key, compared by one checksum per side (every row in it, touched or not: one range scan instead of a lookup
 * per key); the ranges recorded past the record's bound join them; ranges are merged when they overlap or touch and
 * cut at {@code maxRows} key values so they run in parallel. Keys outside every range are compared by key. Comparing
 * untouched rows too is sound: they were equal at the last full verification and only add work.
 */
final class TouchedRanges {
    /** Neighbouring keys at most this far apart (at most 7 untouched values between) join one run. */
    static final long MAX_GAP = 8;
    /** A run shorter than this stays keys: a lookup per key is cheaper than checksumming a short range. */
    static final int MIN_RUN = 16;

    /** The ranges {@code [lo, hi)} to checksum and the keys left to compare one by one. */
    record Plan(List<long[]> ranges, List<Object[]> keys) {
        long rangeKeys() {
            return ranges.stream().mapToLong(r -> r[1] - r[0]).sum();
        }
    }

    private TouchedRanges() {
    }

    /**
     * Coalesces {@code keys} (decoded as {@code KeyCodec} stored them) and the {@code recorded} ranges of a table
     * whose key is one integer column; for any other key ({@code integerKey} false) the keys stay as they are.
     */
    static Plan plan(boolean integerKey, List<Object[]> keys, List<long[]> recorded, long maxRows) {
        if (!integerKey) {
            return new Plan(List.of(), keys);
        }
        List<Long> numbers = new ArrayList<>();
        List<Object[]> single = new ArrayList<>();
        for (Object[] k : keys) {
            if (k.length == 1 && k[0] instanceof Long n) {
                numbers.add(n);
            } else {
                single.add(k);
            }
        }
        numbers.sort(null);
        List<long[]> ranges = new ArrayList<>(recorded);
        int i = 0;
        while (i < numbers.size()) {
            int j = i;
            while (j + 1 < numbers.size() && near(numbers.get(j), numbers.get(j + 1))) {
                j++;
            }
            if (j - i + 1 >= MIN_RUN && numbers.get(j) < Long.MAX_VALUE) {
                ranges.add(new long[] {numbers.get(i), numbers.get(j) + 1});
            } else {
                for (int k = i; k <= j; k++) {
                    single.add(new Object[] {numbers.get(k)});
                }
            }
            i = j + 1;
        }
        List<long[]> merged = cut(merge(ranges), Math.max(1, maxRows));
        List<Object[]> left = new ArrayList<>();
        for (Object[] k : single) {
            if (!(k.length == 1 && k[0] instanceof Long n && covered(merged, n))) {
                left.add(k);
            }
        }
        return new Plan(merged, left);
    }

    private static boolean near(long a, long b) {
        return b - a <= MAX_GAP && b - a >= 0; // b >= a (sorted); a negative difference overflowed: far apart
    }

    private static List<long[]> merge(List<long[]> ranges) {
        List<long[]> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(r -> r[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] r : sorted) {
            long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && r[0] <= last[1]) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                out.add(new long[] {r[0], r[1]});
            }
        }
        return out;
    }

    private static List<long[]> cut(List<long[]> ranges, long maxRows) {
        List<long[]> out = new ArrayList<>();
        for (long[] r : ranges) {
            long lo = r[0];
            while (r[1] - lo > maxRows && r[1] - lo > 0) {
                out.add(new long[] {lo, lo + maxRows});
                lo += maxRows;
            }
            out.add(new long[] {lo, r[1]});
        }
        return out;
    }

    /** True when {@code n} lies in one of the sorted, disjoint ranges. */
    private static boolean covered(List<long[]> ranges, long n) {
        int lo = 0;
        int hi = ranges.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long[] r = ranges.get(mid);
            if (n < r[0]) {
                hi = mid - 1;
            } else if (n >= r[1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
