package dev.sluice.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How cutover coalesces touched keys into key ranges (ADR 0054); the real-server side is CutoverWriteStopTest. */
class TouchedRangesTest {

    private static List<Object[]> keys(long... ks) {
        List<Object[]> out = new ArrayList<>();
        for (long k : ks) {
            out.add(new Object[] {k});
        }
        return out;
    }

    private static List<String> ranges(TouchedRanges.Plan p) {
        return p.ranges().stream().map(r -> "[" + r[0] + "," + r[1] + ")").toList();
    }

    private static List<Object> left(TouchedRanges.Plan p) {
        return p.keys().stream().map(k -> k[0]).toList();
    }

    @Test
    void runsOfNeighbouringKeysBecomeRangesAndScatteredKeysStayKeys() {
        List<Object[]> k = new ArrayList<>();
        for (long i = 100; i < 140; i += 2) { // 20 keys, 2 apart
            k.add(new Object[] {i});
        }
        k.addAll(keys(5, 1_000, 5_000, Long.MIN_VALUE, Long.MAX_VALUE));
        TouchedRanges.Plan p = TouchedRanges.plan(true, k, List.of(), 20_000);
        assertEquals(List.of("[100,139)"), ranges(p));
        assertEquals(List.of(Long.MIN_VALUE, 5L, 1_000L, 5_000L, Long.MAX_VALUE), left(p));
    }

    @Test
    void aShortRunOrWideGapsStayKeys() {
        TouchedRanges.Plan p = TouchedRanges.plan(true, keys(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), List.of(),
                20_000);
        assertEquals(List.of(), ranges(p), "15 keys: below the run length");
        List<Object[]> wide = new ArrayList<>();
        for (long i = 0; i < 100; i++) {
            wide.add(new Object[] {i * 9});
        }
        assertEquals(List.of(), ranges(TouchedRanges.plan(true, wide, List.of(), 20_000)), "9 apart: lookups");
    }

    @Test
    void recordedRangesMergeWithRunsCoverTheirKeysAndAreCutForParallelism() {
        List<Object[]> k = new ArrayList<>();
        for (long i = 1_000; i < 1_100; i++) {
            k.add(new Object[] {i});
        }
        k.addAll(keys(2_050, 9_000));
        TouchedRanges.Plan p = TouchedRanges.plan(true, k, List.of(new long[] {1_024, 2_048}, new long[] {2_048, 3_072}),
                1_000);
        assertEquals(List.of("[1000,2000)", "[2000,3000)", "[3000,3072)"), ranges(p));
        assertEquals(List.of(9_000L), left(p), "2,050 lies in a recorded range");
        assertEquals(2_072, p.rangeKeys());
    }

    @Test
    void otherKeysAreNotCoalesced() {
        List<Object[]> k = List.of(new Object[] {"a"}, new Object[] {"b"});
        TouchedRanges.Plan p = TouchedRanges.plan(false, k, List.of(), 20_000);
        assertEquals(List.of(), ranges(p));
        assertEquals(2, p.keys().size());
    }
}
