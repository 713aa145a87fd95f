package dev.sluice.incremental;

import dev.sluice.binlog.BinlogDates;
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
        assertEquals("0000-00-00 00:00:00", BinlogValues.datetime(Long.MIN_VALUE));
        assertEquals("838:59:59", BinlogValues.time(838L * 3_600_000_000L + 59 * 60_000_000L + 59_000_000L));
        assertEquals("12:34:56.789000", BinlogValues.time((12 * 3600 + 34 * 60 + 56) * 1_000_000L + 789_000));
    }

    /** DATE bytes (3, little-endian year << 9 | month << 5 | day), partial and invalid dates kept as they are. */
    @Test
    void datesAreDecodedFieldByField() throws Exception {
        assertEquals("2020-01-00", BinlogDates.date(in(date(2020, 1, 0))));
        assertEquals("2020-00-15", BinlogDates.date(in(date(2020, 0, 15))));
        assertEquals("2020-02-31", BinlogDates.date(in(date(2020, 2, 31))));
        assertEquals("0000-00-00", BinlogDates.date(in(date(0, 0, 0))));
        assertEquals("1000-01-01", BinlogDates.date(in(date(1000, 1, 1))));
        assertEquals("1582-10-10", BinlogDates.date(in(date(1582, 10, 10))));
        assertEquals("9999-12-31", BinlogDates.date(in(date(9999, 12, 31))));
    }

    /** DATETIME2 bytes as MySQL packs them (5 big-endian bytes offset by 2^39, then the fraction). */
    @Test
    void datetimesAreDecodedFieldByField() throws Exception {
        assertEquals("2020-01-00 10:00:00", BinlogDates.datetimeV2(0, in(datetime2(2020, 1, 0, 10, 0, 0, 0, 0))));
        assertEquals("0000-00-00 00:00:00", BinlogDates.datetimeV2(0, in(datetime2(0, 0, 0, 0, 0, 0, 0, 0))));
        assertEquals("2020-00-15 00:00:00.500000",
                BinlogDates.datetimeV2(1, in(datetime2(2020, 0, 15, 0, 0, 0, 50, 1))));
        assertEquals("9999-12-31 23:59:59.999900",
                BinlogDates.datetimeV2(4, in(datetime2(9999, 12, 31, 23, 59, 59, 9999, 2))));
        assertEquals("2021-02-29 01:02:03.000001",
                BinlogDates.datetimeV2(6, in(datetime2(2021, 2, 29, 1, 2, 3, 1, 3))));
        // DATETIME before 5.6.4: the little-endian number YYYYMMDDhhmmss
        assertEquals(1_700_000_000_123L, BinlogDates.utcMillis("2023-11-14 22:13:20.123456"));
        assertEquals("2020-01-00 23:59:58", BinlogDates.datetime(in(java.nio.ByteBuffer.allocate(8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(20200100235958L).array())));
    }

    private static byte[] date(int y, int m, int d) {
        int v = y << 9 | m << 5 | d;
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16)};
    }

    private static byte[] datetime2(int y, int mo, int d, int h, int mi, int s, int frac, int fracBytes) {
        long packed = ((((long) y * 13 + mo) << 5 | d) << 17 | h << 12 | mi << 6 | s) + 0x8000000000L;
        byte[] b = new byte[5 + fracBytes];
        for (int i = 0; i < 5; i++) {
            b[i] = (byte) (packed >> (8 * (4 - i)));
        }
        for (int i = 0; i < fracBytes; i++) {
            b[5 + i] = (byte) (frac >> (8 * (fracBytes - 1 - i)));
        }
        return b;
    }

    private static com.github.shyiko.mysql.binlog.io.ByteArrayInputStream in(byte[] b) {
        return new com.github.shyiko.mysql.binlog.io.ByteArrayInputStream(b);
    }

    /** SET of 64 members with bit 63 chosen: the binlog's negative long is the unsigned bitmask. */
    @Test
    void setBitmasksAreUnsigned() {
        TargetTable.Column set = new TargetTable.Column(0, "s", java.nio.charset.StandardCharsets.UTF_8, "set");
        assertEquals(new BigInteger("9223372036854775808"), BinlogValues.toJdbc(Long.MIN_VALUE, 254, false, set));
        assertEquals(5L, BinlogValues.toJdbc(5L, 254, false, set));
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
