package dev.sluice.dynamodb.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dynamodb.DynamoException;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;

/**
 * Tables and items on an H2 MVStore. Writers are serialised by a write lock and each write request ends with an
 * MVStore commit (so an acknowledged write survives a kill of the process); readers share a read lock, so they never
 * observe half of a transaction.
 */
public final class TableStore implements AutoCloseable {
    static final String DATA_FILE = "sluice-dynamodb.mv.db";
    private static final String TABLES_MAP = "tables";
    private static final int RETENTION_MILLIS = 1000;

    private final ObjectMapper mapper = new ObjectMapper();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    private final MVStore store;
    private final DataDirLock dirLock;
    private final MVMap<String, String> tablesMap;
    private final Map<String, TableSchema> tables = new ConcurrentSkipListMap<>();

    private TableStore(MVStore store, DataDirLock dirLock) {
        this.store = store;
        this.dirLock = dirLock;
        this.tablesMap = openStringMap(TABLES_MAP);
        for (Map.Entry<String, String> e : tablesMap.entrySet()) {
            tables.put(e.getKey(), TableSchema.fromJson(parse(e.getValue())));
        }
    }

    /** Opens (creating if needed) the store in {@code dataDir}, or an in-memory store when it is null. */
    public static TableStore open(Path dataDir) {
        if (dataDir == null) {
            return new TableStore(new MVStore.Builder().autoCommitDisabled().open(), null);
        }
        DataDirLock l = DataDirLock.acquire(dataDir);
        try {
            MVStore s = new MVStore.Builder()
                    .fileName(dataDir.resolve(DATA_FILE).toString())
                    .autoCommitDisabled()
                    .open();
            // Freed chunks become reusable after the retention time. Every write request commits, so the default
            // 45 s would let the file grow by tens of MB under steady load; a kill -9 cannot reorder writes that
            // already reached the OS, so a short retention keeps the file small without weakening that guarantee.
            s.setRetentionTime(RETENTION_MILLIS);
            return new TableStore(s, l);
        } catch (RuntimeException e) {
            l.close();
            throw e;
        }
    }

    private MVMap<String, String> openStringMap(String name) {
        return store.openMap(name, new MVMap.Builder<String, String>()
                .keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
    }

    /** Runs {@code action} under the shared read lock. */
    public <T> T read(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs {@code action} under the exclusive write lock, then commits; on failure the changes are rolled back. */
    public <T> T write(Supplier<T> action) {
        lock.writeLock().lock();
        try {
            try {
                T result = action.get();
                store.commit();
                return result;
            } catch (RuntimeException e) {
                // A rejected request (or a failed commit) must leave no trace for the next commit to persist.
                store.rollback();
                throw e;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public TableSchema table(String name) {
        TableSchema t = tables.get(name);
        if (t == null) {
            throw DynamoException.tableNotFound(name);
        }
        return t;
    }

    public boolean hasTable(String name) {
        return tables.containsKey(name);
    }

    public List<TableSchema> tables() {
        return new ArrayList<>(tables.values());
    }

    /** Creates a table; caller holds the write lock. */
    public void createTable(TableSchema schema) {
        if (tables.containsKey(schema.name())) {
            throw DynamoException.resourceInUse("Table already exists: " + schema.name());
        }
        tablesMap.put(schema.name(), schema.toJson().toString());
        openStringMap(itemsMapName(schema));
        tables.put(schema.name(), schema);
    }

    /** Drops a table and its items; caller holds the write lock. */
    public void deleteTable(TableSchema schema) {
        tablesMap.remove(schema.name());
        store.removeMap(itemsMapName(schema));
        tables.remove(schema.name());
    }

    private static String itemsMapName(TableSchema schema) {
        return "items:" + schema.tableId();
    }

    private MVMap<String, String> items(TableSchema schema) {
        TableSchema live = tables.get(schema.name());
        if (live == null || !live.tableId().equals(schema.tableId())) {
            throw DynamoException.tableNotFound(schema.name());
        }
        return openStringMap(itemsMapName(schema));
    }

    public ObjectNode get(TableSchema schema, String storageKey) {
        String json = items(schema).get(storageKey);
        return json == null ? null : parse(json);
    }

    public void put(TableSchema schema, String storageKey, ObjectNode item) {
        items(schema).put(storageKey, item.toString());
    }

    public void delete(TableSchema schema, String storageKey) {
        items(schema).remove(storageKey);
    }

    public long itemCount(TableSchema schema) {
        return items(schema).sizeAsLong();
    }

    /** Approximate stored bytes of a table (sum of serialised item lengths). */
    public long storedBytes(TableSchema schema) {
        long total = 0;
        for (String v : items(schema).values()) {
            total += v.length();
        }
        return total;
    }

    /** All items whose storage key starts with {@code prefix}, in storage-key order. */
    public List<ObjectNode> itemsWithPrefix(TableSchema schema, String prefix) {
        List<ObjectNode> out = new ArrayList<>();
        Cursor<String, String> c = items(schema).cursor(prefix);
        while (c.hasNext()) {
            String k = c.next();
            if (!k.startsWith(prefix)) {
                break;
            }
            out.add(parse(c.getValue()));
        }
        return out;
    }

    /** Storage keys and items in storage-key order, starting after {@code exclusiveStart} (or at the first). */
    public Iterator<Map.Entry<String, String>> entriesAfter(TableSchema schema, String exclusiveStart) {
        MVMap<String, String> m = items(schema);
        String from = exclusiveStart == null ? null : m.higherKey(exclusiveStart);
        if (exclusiveStart != null && from == null) {
            return Collections.emptyIterator();
        }
        Cursor<String, String> c = m.cursor(from);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return c.hasNext();
            }

            @Override
            public Map.Entry<String, String> next() {
                String k = c.next();
                return new AbstractMap.SimpleImmutableEntry<>(k, c.getValue());
            }
        };
    }

    public ObjectNode parse(String json) {
        try {
            return (ObjectNode) mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw DynamoException.internal("stored item is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public boolean isPersistent() {
        return dirLock != null;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!store.isClosed()) {
                store.commit();
                store.close();
            }
        } finally {
            lock.writeLock().unlock();
            if (dirLock != null) {
                dirLock.close();
            }
        }
    }
}
