package dev.sluice.incremental;

import dev.sluice.binlog.BinlogDates;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Turns values decoded from binlog rows (deserializer modes DATE_AND_TIME_AS_LONG_MICRO,
 * CHAR_AND_BINARY_AS_BYTE_ARRAY, INVALID_DATE_AND_TIME_AS_MIN_VALUE; DATE/DATETIME already exact literals, see
 * {@link BinlogDates}) into JDBC parameters that write the same value on a destination session with
 * {@code time_zone='+00:00'}: unsigned integers widened, temporal values as exact literals, ENUM/SET as their
 * index/bitmask (unsigned), JSON as text or a typed expression ({@link JsonValues}), text as
 * strings of the column's charset, BINARY(n) padded back to n bytes.
 */
public final class BinlogValues {
    private static final String ZERO_DATETIME = "0000-00-00 00:00:00";

    private BinlogValues() {
    }

    public static Object toJdbc(Serializable v, int type, boolean unsigned, TargetTable.Column column) {
        if (v == null) {
            return null;
        }
        ColumnType ct = ColumnType.byCode(type & 0xFF);
        if (ct == null) {
            return v;
        }
        switch (ct) {
            case YEAR:
                // the binlog holds YEAR as one byte, y - 1900, with 0 for the year 0000; the deserializer adds 1900 to
                // every byte, so 0000 arrives as 1900, a year no YEAR column can hold
                return ((Number) v).intValue() == 1900 ? 0 : v;
            case TINY:
                return unsigned ? ((Number) v).intValue() & 0xFF : v;
            case SHORT:
                return unsigned ? ((Number) v).intValue() & 0xFFFF : v;
            case INT24:
                return unsigned ? ((Number) v).intValue() & 0xFFFFFF : v;
            case LONG:
                return unsigned ? ((Number) v).longValue() & 0xFFFFFFFFL : v;
            case LONGLONG:
                if (unsigned && ((Number) v).longValue() < 0) {
                    return new BigInteger(Long.toUnsignedString(((Number) v).longValue()));
                }
                return v;
            case DATE:
            case NEWDATE:
            case DATETIME:
            case DATETIME_V2:
                return v; // the exact literal (BinlogDates)
            case TIMESTAMP:
            case TIMESTAMP_V2:
                long micros = (Long) v;
                return micros == 0 ? ZERO_DATETIME : datetime(micros);
            case TIME:
            case TIME_V2:
                return time((Long) v);
            case BIT:
                return bits((BitSet) v);
            case JSON:
                try {
                    return JsonValues.of((byte[]) v);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot decode a JSON value of column " + column.name(), e);
                } catch (dev.sluice.db.TypedJson.UnsupportedValueException e) {
                    throw new IllegalStateException("column " + column.name() + " holds a JSON document Sluice "
                            + "cannot write unchanged (" + e.getMessage() + "); leave the column out of the task "
                            + "or rewrite such values on the source (e.g. as base64 text with TO_BASE64), then "
                            + "resume", e);
                }
            default:
                break;
        }
        if (v instanceof Long bits && bits < 0 && column != null && "set".equals(column.dataType())) {
            // a SET of 64 members with the last one chosen: the bitmask is unsigned (as a signed number it would
            // compare unequal to the column and be refused as a value)
            return new BigInteger(Long.toUnsignedString(bits));
        }
        if (v instanceof byte[] bytes) {
            Charset cs = column.charset();
            if (cs != null) {
                return new String(bytes, cs);
            }
            // BINARY(n): the binlog drops trailing 0x00 bytes; a key or row match needs all n of them
            return bytes.length < column.binaryLength() ? Arrays.copyOf(bytes, column.binaryLength()) : bytes;
        }
        return v;
    }

    /** A TIMESTAMP(n) value (UTC epoch microseconds) as its UTC literal. */
    static String datetime(long micros) {
        if (micros == Long.MIN_VALUE) {
            return ZERO_DATETIME;
        }
        long seconds = Math.floorDiv(micros, 1_000_000L);
        int frac = (int) Math.floorMod(micros, 1_000_000L);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC); // a TIMESTAMP: 1970 or later
        StringBuilder sb = new StringBuilder(26);
        sb.append(String.format("%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond()));
        if (frac != 0) {
            sb.append('.').append(String.format("%06d", frac));
        }
        return sb.toString();
    }

    static String time(long micros) {
        if (micros == Long.MIN_VALUE) {
            return "00:00:00";
        }
        boolean negative = micros < 0;
        long abs = Math.abs(micros);
        long totalSeconds = abs / 1_000_000L;
        int frac = (int) (abs % 1_000_000L);
        String s = String.format("%s%02d:%02d:%02d", negative ? "-" : "", totalSeconds / 3600,
                (totalSeconds / 60) % 60, totalSeconds % 60);
        return frac == 0 ? s : s + "." + String.format("%06d", frac);
    }

    static Object bits(BitSet b) {
        long value = 0;
        for (int i = b.nextSetBit(0); i >= 0 && i < 64; i = b.nextSetBit(i + 1)) {
            value |= 1L << i;
        }
        return value < 0 ? new BigInteger(Long.toUnsignedString(value)) : value;
    }

    /** Epoch milliseconds of a binlog header timestamp as an Instant. */
    static Instant instant(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis);
    }
}
