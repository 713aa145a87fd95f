package dev.sluice.binlog;

import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;

/**
 * The library's row-event deserializers with TIME(n) values (TIME2, MySQL 5.6.4+ and MariaDB's default) decoded
 * as signed microseconds: the library slices the packed bits without undoing the sign offset, so every negative
 * time arrived as an hour past 838 (clamped to 838:59:59 by the destination). DATE and DATETIME(n) values arrive
 * as the exact literal the source stored ({@link BinlogDates}: partial and invalid dates included). Registered for the v1 and v2 row
 * event types by {@link CachingEventDeserializer}; the compatibility modes reach them like the library's own.
 */
public final class RowsDeserializers {
    private RowsDeserializers() {
    }

    static void register(EventDeserializer d, Map<Long, TableMapEventData> tableMaps) {
        d.setEventDataDeserializer(EventType.WRITE_ROWS, new Write(tableMaps));
        d.setEventDataDeserializer(EventType.UPDATE_ROWS, new Update(tableMaps));
        d.setEventDataDeserializer(EventType.DELETE_ROWS, new Delete(tableMaps));
        d.setEventDataDeserializer(EventType.EXT_WRITE_ROWS, new Write(tableMaps).setMayContainExtraInformation(true));
        d.setEventDataDeserializer(EventType.EXT_UPDATE_ROWS,
                new Update(tableMaps).setMayContainExtraInformation(true));
        d.setEventDataDeserializer(EventType.EXT_DELETE_ROWS,
                new Delete(tableMaps).setMayContainExtraInformation(true));
    }

    /**
     * A TIME2 value of {@code fsp} fractional digits as signed microseconds (MySQL's my_time_packed_from_binary:
     * 3 big-endian bytes of {@code sign|hour|minute|second} offset by 0x800000, then 0-3 bytes of fraction; a
     * negative value with a fraction borrows one second).
     */
    public static long timeV2Micros(int fsp, ByteArrayInputStream in) throws IOException {
        // one read of the whole value: the stream's single-byte read() is synchronized, a call per byte costs more
        byte[] b = in.read(3 + (fsp + 1) / 2);
        long intPart = ((b[0] & 0xFFL) << 16 | (b[1] & 0xFF) << 8 | b[2] & 0xFF) - 0x800000L;
        long packed; // MySQL's packed time: integer part << 24 | microseconds
        switch (fsp) {
            case 1, 2 -> {
                int frac = b[3] & 0xFF;
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x100;
                }
                packed = (intPart << 24) + frac * 10_000L;
            }
            case 3, 4 -> {
                int frac = (b[3] & 0xFF) << 8 | b[4] & 0xFF;
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x10000;
                }
                packed = (intPart << 24) + frac * 100L;
            }
            case 5, 6 -> {
                long frac = (b[3] & 0xFFL) << 16 | (b[4] & 0xFF) << 8 | b[5] & 0xFF;
                packed = ((intPart + 0x800000L) << 24 | frac) - 0x800000000000L;
            }
            default -> packed = intPart << 24;
        }
        return timeMicros(packed);
    }

    /** Signed microseconds of MySQL's packed time representation (also used inside binary JSON). */
    public static long timeMicros(long packed) {
        long abs = Math.abs(packed);
        long hms = abs >> 24;
        long seconds = ((hms >> 12) & 0x3FF) * 3600 + ((hms >> 6) & 0x3F) * 60 + (hms & 0x3F);
        long micros = seconds * 1_000_000L + (abs & 0xFFFFFF);
        return packed < 0 ? -micros : micros;
    }

    private static final class Write extends WriteRowsEventDataDeserializer {
        Write(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
        }

        @Override
        protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return timeV2Micros(meta, in);
        }

        @Override
        protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
            return BinlogDates.date(in);
        }

        @Override
        protected Serializable deserializeDatetime(ByteArrayInputStream in) throws IOException {
            return BinlogDates.datetime(in);
        }

        @Override
        protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return BinlogDates.datetimeV2(meta, in);
        }
    }

    private static final class Update extends UpdateRowsEventDataDeserializer {
        Update(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
        }

        @Override
        protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return timeV2Micros(meta, in);
        }

        @Override
        protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
            return BinlogDates.date(in);
        }

        @Override
        protected Serializable deserializeDatetime(ByteArrayInputStream in) throws IOException {
            return BinlogDates.datetime(in);
        }

        @Override
        protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return BinlogDates.datetimeV2(meta, in);
        }
    }

    private static final class Delete extends DeleteRowsEventDataDeserializer {
        Delete(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
        }

        @Override
        protected Serializable deserializeTimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return timeV2Micros(meta, in);
        }

        @Override
        protected Serializable deserializeDate(ByteArrayInputStream in) throws IOException {
            return BinlogDates.date(in);
        }

        @Override
        protected Serializable deserializeDatetime(ByteArrayInputStream in) throws IOException {
            return BinlogDates.datetime(in);
        }

        @Override
        protected Serializable deserializeDatetimeV2(int meta, ByteArrayInputStream in) throws IOException {
            return BinlogDates.datetimeV2(meta, in);
        }
    }
}
