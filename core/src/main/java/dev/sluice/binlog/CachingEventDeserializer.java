package dev.sluice.binlog;

import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeader;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ChecksumType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializationException;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.TableMapEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The binlog library's event deserializer with TABLE_MAP events parsed once per table version: the source logs a
 * table map before every row event, and with {@code binlog_row_metadata=FULL} each carries every column name, so
 * parsing them again was a third of the reader thread's work on a busy stream. An event whose bytes equal the
 * previous one of its table id yields the same {@link TableMapEventData} instance (the replicator keys its
 * per-table routing by that identity). The library keeps the table maps its row decoders read in a private map;
 * it is reached once, by reflection, so a cached table map is registered there exactly as a parsed one would be.
 */
final class CachingEventDeserializer extends EventDeserializer {
    /** Bound on cached table ids (ids are reassigned when tables are reopened; old ones never come back). */
    private static final int MAX_TABLES = 10_000;

    private record Entry(byte[] raw, TableMapEventData data) {
    }

    private final TableMapEventDataDeserializer tableMaps = new TableMapEventDataDeserializer();
    private final Map<Long, Entry> cache = new HashMap<>();
    private final Map<Long, TableMapEventData> libraryTableMaps;
    private int checksumLength;

    @SuppressWarnings("unchecked")
    CachingEventDeserializer() {
        try {
            java.lang.reflect.Field f = EventDeserializer.class.getDeclaredField("tableMapEventByTableId");
            f.setAccessible(true);
            libraryTableMaps = (Map<Long, TableMapEventData>) f.get(this);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this version of mysql-binlog-connector-java keeps its table maps "
                    + "differently; use the version the pom names (CachingEventDeserializer relies on it)", e);
        }
        RowsDeserializers.register(this, libraryTableMaps);
    }

    @Override
    public void setChecksumType(ChecksumType checksumType) {
        checksumLength = checksumType.getLength();
        super.setChecksumType(checksumType);
    }

    @Override
    public EventData deserializeTableMapEventData(ByteArrayInputStream in, EventHeader header) throws IOException {
        int length = (int) (header.getDataLength() - checksumLength);
        byte[] raw;
        in.enterBlock(length);
        try {
            raw = in.read(length);
        } catch (IOException e) {
            throw new EventDataDeserializationException(header, e);
        } finally {
            in.skipToTheEndOfTheBlock();
            in.skip(checksumLength);
        }
        long tableId = 0;
        for (int i = 5; i >= 0; i--) {
            tableId = (tableId << 8) | (raw[i] & 0xFF); // the body opens with the 6-byte little-endian table id
        }
        Entry e = cache.get(tableId);
        if (e == null || !Arrays.equals(e.raw(), raw)) {
            TableMapEventData data;
            try {
                data = tableMaps.deserialize(new ByteArrayInputStream(raw));
            } catch (IOException ex) {
                throw new EventDataDeserializationException(header, ex);
            }
            if (cache.size() >= MAX_TABLES) {
                cache.clear();
            }
            e = new Entry(raw, data);
            cache.put(tableId, e);
        }
        libraryTableMaps.put(tableId, e.data());
        return e.data();
    }
}
