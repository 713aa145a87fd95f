package dev.sluice.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class BinlogValuesTest {
    private static final TargetTable.Column BYTES = new TargetTable.Column(0, "c", null, "varbinary");

    @Test
    void temporalValuesBecomeExactLiterals() {
        long micros = java.time.LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6000)
                .toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L + 6;
        assertEquals("2024-01-02 03:04:05.000006", BinlogValues.datetime(micros));
        assertEquals("2024-01-02", BinlogValues.date(micros - 11_045_000_006L + 6));
        assertEquals("0000-00-00 00:00:00", BinlogValues.datetime(Long.MIN_VALUE));
        assertEquals("0000-00-00", BinlogValues.date(Long.MIN_VALUE));
        assertEquals("838:59:59", BinlogValues.time(838L * 3_600_000_000L + 59 * 60_000_000L + 59_000_000L));
        assertEquals("12:34:56.789000", BinlogValues.time((12 * 3600 + 34 * 60 + 56) * 1_000_000L + 789_000));
    }

    @Test
    void datesBeforeTheGregorianReformUseTheDeserializersCalendar() {
        java.util.GregorianCalendar cal = new java.util.GregorianCalendar(java.util.TimeZone.getTimeZone("UTC"));
        cal.clear();
        cal.set(1000, java.util.Calendar.JANUARY, 1);
        assertEquals("1000-01-01", BinlogValues.date(cal.getTimeInMillis() * 1000));
    }

    @Test
    void unsignedIntegersAreWidened() {
        assertEquals(255, BinlogValues.toJdbc(-1, 1, true, BYTES));
        assertEquals(65535, BinlogValues.toJdbc(-1, 2, true, BYTES));
        assertEquals(4294967295L, BinlogValues.toJdbc(-1, 3, true, BYTES));
        assertEquals(new BigInteger("18446744073709551615"), BinlogValues.toJdbc(-1L, 8, true, BYTES));
        assertEquals(-1, BinlogValues.toJdbc(-1, 3, false, BYTES));
    }

    @Test
    void bitsAndTextAndTimestampZero() {
        BitSet b = new BitSet();
        b.set(0);
        b.set(7);
        assertEquals(129L, BinlogValues.toJdbc(b, 16, false, BYTES));
        TargetTable.Column utf8 = new TargetTable.Column(0, "c", java.nio.charset.StandardCharsets.UTF_8, "varchar");
        assertEquals("é€", BinlogValues.toJdbc("é€".getBytes(java.nio.charset.StandardCharsets.UTF_8), 15, false,
                utf8));
        byte[] raw = {(byte) 0xe9};
        assertEquals(raw, BinlogValues.toJdbc(raw, 15, false, BYTES));
        assertEquals("0000-00-00 00:00:00", BinlogValues.toJdbc(0L, 17, false, BYTES));
    }
}
