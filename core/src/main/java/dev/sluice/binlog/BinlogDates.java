package dev.sluice.binlog;

import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * DATE, DATETIME and DATETIME(n) binlog values decoded from their bytes into the exact literal the source stored
 * ({@code 2020-01-00}, {@code 2020-02-31 10:00:00.5}, {@code 0000-00-00}). The library builds a calendar date from
 * the fields instead, so a zero month or day (allowed without NO_ZERO_IN_DATE) became {@code 0000-00-00}, a year
 * 0000 too, and an invalid day (ALLOW_INVALID_DATES) rolled over into the next month; the applier's session
 * accepts every one of these literals (DestinationSessions). Formats: MySQL's my_date / datetime packing
 * (sql/field.cc, my_time.cc).
 */
public final class BinlogDates {
    private static final long DATETIMEF_INT_OFS = 0x8000000000L;

    private BinlogDates() {
    }

    /** DATE: 3 little-endian bytes, {@code year << 9 | month << 5 | day}. */
    public static String date(ByteArrayInputStream in) throws IOException {
        byte[] b = in.read(3);
        int v = (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16;
        return ymd(new StringBuilder(10), v >>> 9, (v >>> 5) & 0x0F, v & 0x1F).toString();
    }

    /** DATETIME before MySQL 5.6.4: 8 little-endian bytes holding the decimal number YYYYMMDDhhmmss. */
    public static String datetime(ByteArrayInputStream in) throws IOException {
        long v = in.readLong(8);
        long date = v / 1_000_000L;
        long time = v % 1_000_000L;
        StringBuilder sb = ymd(new StringBuilder(19), (int) (date / 10_000), (int) (date / 100 % 100),
                (int) (date % 100));
        return hms(sb, (int) (time / 10_000), (int) (time / 100 % 100), (int) (time % 100)).toString();
    }

    /**
     * DATETIME2 (5.6.4+, MariaDB's default): 5 big-endian bytes of
     * {@code ((year * 13 + month) << 5 | day) << 17 | hour << 12 | minute << 6 | second} offset by 2^39, then
     * {@code (fsp + 1) / 2} big-endian bytes of fraction (hundredths, 1/10000 s or microseconds).
     */
    public static String datetimeV2(int fsp, ByteArrayInputStream in) throws IOException {
        int fracBytes = (fsp + 1) / 2;
        byte[] b = in.read(5 + fracBytes); // one read: the stream's single-byte read() is synchronized
        long packed = 0;
        for (int i = 0; i < 5; i++) {
            packed = packed << 8 | (b[i] & 0xFF);
        }
        packed -= DATETIMEF_INT_OFS;
        long ymd = packed >> 17;
        long ym = ymd >> 5;
        int hms = (int) (packed & 0x1FFFF);
        StringBuilder sb = ymd(new StringBuilder(26), (int) (ym / 13), (int) (ym % 13), (int) (ymd & 0x1F));
        hms(sb, hms >> 12, (hms >> 6) & 0x3F, hms & 0x3F);
        int frac = 0;
        for (int i = 0; i < fracBytes; i++) {
            frac = frac << 8 | (b[5 + i] & 0xFF);
        }
        int micros = fracBytes == 1 ? frac * 10_000 : fracBytes == 2 ? frac * 100 : frac;
        if (micros != 0) {
            sb.append('.');
            digits(sb, micros, 6);
        }
        return sb.toString();
    }

    /** Epoch milliseconds of a valid DATETIME literal read as UTC (the heartbeat's UTC_TIMESTAMP(6)). */
    public static long utcMillis(String literal) {
        return java.time.LocalDateTime.parse(literal.replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC)
                .toEpochMilli();
    }

    private static StringBuilder ymd(StringBuilder sb, int year, int month, int day) {
        digits(sb, year, 4).append('-');
        digits(sb, month, 2).append('-');
        return digits(sb, day, 2);
    }

    private static StringBuilder hms(StringBuilder sb, int hour, int minute, int second) {
        digits(digits(digits(sb.append(' '), hour, 2).append(':'), minute, 2).append(':'), second, 2);
        return sb;
    }

    /** {@code v} (non-negative) zero-padded to {@code width} digits. */
    private static StringBuilder digits(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
