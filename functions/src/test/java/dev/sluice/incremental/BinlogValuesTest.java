package dev.sluice.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.binlog.RowsDeserializers;
import java.math.BigInteger;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class BinlogValuesTest {
    private static final TargetTable.Column BYTES = new TargetTable.Column(0, "c", null, "varbinary");

    /** Found by the fidelity matrix: YEAR 0000 arrives from the deserializer as 1900, which no YEAR column holds. */
    @Test
    void yearZeroFromTheBinlogIsTheYearZero() {
        int year = com.github.shyiko.mysql.binlog.event.deserialization.ColumnType.YEAR.getCode();
        assertEquals(0, BinlogValues.toJdbc(1900, year, false, null));
        assertEquals(1901, BinlogValues.toJdbc(1901, year, false, null));
        assertEquals(2155, BinlogValues.toJdbc(2155, year, false, null));
    }

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

    /** TIME2 bytes as MySQL writes them (my_time_packed_to_binary) for -01:00:00.5 at each precision. */
    @Test
    void negativeTimeV2ValuesKeepTheirSignAndFraction() throws Exception {
        long minusOneHour = -(1_000_000L * 3600);
        // dec 0: 0x800000 - (1 << 12) = 0x7FF000
        assertEquals(minusOneHour, time(0, 0x7F, 0xF0, 0x00));
        // dec 1-4: a negative value with a fraction stores the integer part one lower (0x7FEFFF) and the
        // fraction as its complement (0x100 - 50 hundredths = 0xCE; 0x10000 - 5000 = 0xEC78)
        assertEquals(minusOneHour - 500_000, time(2, 0x7F, 0xEF, 0xFF, 0xCE));
        assertEquals(minusOneHour - 500_000, time(4, 0x7F, 0xEF, 0xFF, 0xEC, 0x78));
        // dec 6: 0x800000000000 - ((1 << 12) << 24 | 500000)
        long packed = 0x800000000000L - ((1L << 12 << 24) + 500_000);
        assertEquals(minusOneHour - 500_000, time(6, (int) (packed >> 40) & 0xFF, (int) (packed >> 32) & 0xFF,
                (int) (packed >> 24) & 0xFF, (int) (packed >> 16) & 0xFF, (int) (packed >> 8) & 0xFF,
                (int) packed & 0xFF));
        assertEquals(-1, time(6, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF));
        assertEquals("-00:00:00.000001", BinlogValues.time(-1));
    }

    private static long time(int fsp, int... bytes) throws Exception {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return RowsDeserializers.timeV2Micros(fsp,
                new com.github.shyiko.mysql.binlog.io.ByteArrayInputStream(b));
    }

    @Test
    void jsonDoublesGoThroughTextOnlyWhenMysqlParsesThemBackExactly() {
        for (double d : new double[] {0.1, 1.5, -0.125, 17.0, 1e22, 123456789012345.0, 1.0E-5}) {
            assertEquals(true, JsonValues.exactThroughText(d), Double.toString(d));
        }
        for (double d : new double[] {1e300, 4.9e-324, 1.7e301, 0.1 + 0.2, 2.2250738585072014e-308, 1e23}) {
            assertEquals(false, JsonValues.exactThroughText(d), Double.toString(d));
        }
    }

    @Test
    void binaryValuesArePaddedToTheColumnLength() {
        TargetTable.Column binary4 = new TargetTable.Column(0, "id", null, "binary", 4);
        assertEquals("01020300", java.util.HexFormat.of().formatHex(
                (byte[]) BinlogValues.toJdbc(new byte[] {1, 2, 3}, 254, false, binary4)));
        byte[] full = {1, 2, 3, 4};
        assertEquals(full, BinlogValues.toJdbc(full, 254, false, binary4));
    }

    @Test
    void aRefusedValueNamesItsRowAndColumn() {
        assertEquals(2, RejectedValues.rowNumber("Data too long for column 's' at row 2"));
        assertEquals(1, RejectedValues.rowNumber("Incorrect time value"));
        assertEquals("s", RejectedValues.columnName("Data too long for column 's' at row 2"));
    }
}
