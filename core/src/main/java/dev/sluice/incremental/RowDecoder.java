package dev.sluice.incremental;

import dev.sluice.binlog.BinlogDates;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import dev.sluice.binlog.BinlogCoordinate;
import java.io.Serializable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Decodes row events at the right schema: which table a table id names (and whether the task selects it), the
 * source columns (from the event's full metadata, else the schema history), the destination target, and each row
 * as {@link RowChange}s with JDBC values, handed to a {@link Sink} with the key they route by.
 */
final class RowDecoder {
    /** Where decoded rows go. */
    interface Sink {
        void change(RowChange change, Object[] key, int tableHash);

        /** A heartbeat row of this task's reader: the source time it carries, in ms. */
        void heartbeat(long millis);

        /** Called after each decoded row of a selected table ({@code table}: db.table on the source). */
        void rowDone(String table, boolean update, boolean delete) throws InterruptedException;
    }

    /** How the rows of one table map are routed: skipped, heartbeat rows, or a target with decoding details. */
    private record Resolved(boolean heartbeat, boolean selected, TargetTable target, boolean[] unsigned,
                            int tableHash, BinlogCoordinate copiedAt) {
    }

    private final TargetTables targets;
    private final SchemaHistory history;
    private final Map<String, BinlogCoordinate> copiedAt;
    private final BiPredicate<String, String> selected;
    private final long serverId;
    private final Map<Long, TableMapEventData> tableMaps = new HashMap<>();
    /** What the rows of a table map need (one instance per table version: see CachingEventDeserializer). */
    private final Map<TableMapEventData, Resolved> resolved = new IdentityHashMap<>();

    /**
     * {@code history}: null when the events carry full row metadata; {@code copiedAt}: source tables copied whole
     * in a snapshot at a known position (their earlier row events are in the copy); {@code serverId}: the reader's
     * id, which its heartbeat rows carry.
     */
    RowDecoder(TargetTables targets, SchemaHistory history, Map<String, BinlogCoordinate> copiedAt,
               BiPredicate<String, String> selected, long serverId) {
        this.targets = targets;
        this.history = history;
        this.copiedAt = copiedAt;
        this.selected = selected;
        this.serverId = serverId;
    }

    void tableMap(TableMapEventData tm) {
        tableMaps.put(tm.getTableId(), tm);
    }

    /** Forgets what was resolved: after DDL the destination tables may differ. */
    void invalidate() {
        targets.invalidate();
        resolved.clear();
    }

    /**
     * Decodes a rows event read at {@code cursor}; rows before {@code horizon} (the end of the full copy's replay
     * window, or null) of keyless tables are inserted only when missing.
     */
    void rows(Event ev, EventType type, StreamCursor cursor, BinlogCoordinate horizon, Sink sink) throws Exception {
        long tableId;
        BitSet included;
        List<Serializable[]> written = null;
        List<Map.Entry<Serializable[], Serializable[]>> updated = null;
        if (EventType.isWrite(type)) {
            WriteRowsEventData d = ev.getData();
            tableId = d.getTableId();
            included = d.getIncludedColumns();
            written = d.getRows();
        } else if (EventType.isUpdate(type)) {
            UpdateRowsEventData d = ev.getData();
            tableId = d.getTableId();
            included = d.getIncludedColumnsBeforeUpdate();
            updated = d.getRows();
            if (d.getIncludedColumns().cardinality() < included.cardinality()) {
                included = d.getIncludedColumns();
            }
        } else {
            DeleteRowsEventData d = ev.getData();
            tableId = d.getTableId();
            included = d.getIncludedColumns();
            written = d.getRows();
        }
        int count = written != null ? written.size() : updated.size();
        TableMapEventData tm = tableMaps.get(tableId);
        if (tm == null) {
            throw new IllegalStateException("row event for unknown table id " + tableId + " at " + cursor.file()
                    + ":" + ev.getHeader() + "; the binlog stream is inconsistent");
        }
        Resolved res = resolved.get(tm);
        if (res == null) {
            res = resolve(tm, cursor.file());
            if (resolved.size() >= 10_000) {
                resolved.clear();
            }
            resolved.put(tm, res);
        }
        if (res.heartbeat()) {
            heartbeatRows(written, updated, sink);
            cursor.skipRows(count);
            return;
        }
        if (!res.selected() || res.copiedAt() != null && cursor.txnStart().isBefore(res.copiedAt())) {
            cursor.skipRows(count); // unselected, or older than the snapshot the table was copied in
            return;
        }
        byte[] types = tm.getColumnTypes();
        if (included.cardinality() != types.length) {
            throw new IllegalStateException("the source logs partial row images for " + tm.getDatabase() + "."
                    + tm.getTable() + " (binlog_row_image is not FULL); set binlog_row_image=FULL on the source and "
                    + "restart the task from a full copy");
        }
        TargetTable target = res.target();
        boolean[] unsigned = res.unsigned();
        int tableHash = res.tableHash();
        boolean delete = EventType.isDelete(type);
        for (int r = 0; r < count; r++) {
            BinlogCoordinate at = cursor.rowAt();
            if (updated != null) {
                Map.Entry<Serializable[], Serializable[]> e = updated.get(r);
                update(target, types, unsigned, e.getKey(), e.getValue(), at, tableHash, sink);
            } else if (delete) {
                Serializable[] before = written.get(r);
                if (target.hasKey()) {
                    Object[] key = key(target, types, unsigned, before);
                    sink.change(new RowChange(target, RowChange.Kind.DELETE, key, null, null, at), key, tableHash);
                } else {
                    sink.change(new RowChange(target, RowChange.Kind.DELETE_ROW, null,
                            values(target, types, unsigned, before), null, at), null, tableHash);
                }
            } else {
                Serializable[] after = written.get(r);
                Object[] values = values(target, types, unsigned, after);
                if (target.hasKey()) {
                    Object[] key = key(target, types, unsigned, after);
                    sink.change(new RowChange(target, RowChange.Kind.UPSERT, key, null, values, at), key, tableHash);
                } else {
                    // before the replay horizon the copied rows may hold this row already
                    RowChange.Kind k = horizon != null && res.copiedAt() == null && at.isBefore(horizon)
                            ? RowChange.Kind.INSERT_MISSING
                            : RowChange.Kind.INSERT_ROW;
                    sink.change(new RowChange(target, k, null, null, values, at), null, tableHash);
                }
            }
            sink.rowDone(tm.getDatabase() + "." + tm.getTable(), updated != null, delete);
        }
    }

    private Resolved resolve(TableMapEventData tm, String file) throws SQLException {
        String db = tm.getDatabase();
        String table = tm.getTable();
        if (SourceHeartbeat.DB.equals(db) && SourceHeartbeat.TABLE.equals(table)) {
            return new Resolved(true, false, null, null, 0, null);
        }
        if (!selected.test(db, table)) {
            return new Resolved(false, false, null, null, 0, null);
        }
        List<SourceColumn> columns = sourceColumns(tm, file);
        TargetTable target = targets.resolve(db, table, columns);
        boolean[] unsigned = new boolean[columns.size()];
        for (int i = 0; i < unsigned.length; i++) {
            unsigned[i] = columns.get(i).unsigned();
        }
        return new Resolved(false, true, target, unsigned, target.sourceName().hashCode(),
                copiedAt.get(db + "." + table));
    }

    private void update(TargetTable target, byte[] types, boolean[] unsigned, Serializable[] beforeRow,
                        Serializable[] afterRow, BinlogCoordinate at, int tableHash, Sink sink) {
        Object[] after = values(target, types, unsigned, afterRow);
        if (!target.hasKey()) {
            sink.change(new RowChange(target, RowChange.Kind.UPDATE_ROW, null,
                    values(target, types, unsigned, beforeRow), after, at), null, tableHash);
            return;
        }
        Object[] oldKey = key(target, types, unsigned, beforeRow);
        Object[] newKey = key(target, types, unsigned, afterRow);
        if (Arrays.deepEquals(oldKey, newKey)) {
            sink.change(new RowChange(target, RowChange.Kind.UPSERT, newKey, null, after, at), newKey, tableHash);
        } else if (target.mode() == TargetTable.Mode.COMPACT) {
            sink.change(new RowChange(target, RowChange.Kind.DELETE, oldKey, null, null, at), oldKey, tableHash);
            sink.change(new RowChange(target, RowChange.Kind.UPSERT, newKey, null, after, at), newKey, tableHash);
        } else {
            sink.change(new RowChange(target, RowChange.Kind.UPDATE_KEY, oldKey, null, after, at), oldKey,
                    tableHash);
        }
    }

    private static Object[] values(TargetTable t, byte[] types, boolean[] unsigned, Serializable[] row) {
        Object[] out = new Object[t.columns().size()];
        for (int i = 0; i < out.length; i++) {
            TargetTable.Column c = t.columns().get(i);
            int s = c.sourceIndex();
            out[i] = BinlogValues.toJdbc(row[s], types[s], unsigned[s], c);
        }
        return out;
    }

    private static Object[] key(TargetTable t, byte[] types, boolean[] unsigned, Serializable[] row) {
        int[] key = t.key();
        TargetTable.Column[] cols = t.keyColumns();
        Object[] out = new Object[key.length];
        for (int i = 0; i < key.length; i++) {
            int s = key[i];
            out[i] = BinlogValues.toJdbc(row[s], types[s], unsigned[s], cols[i]);
        }
        return out;
    }

    /** Column names (and signedness) of a table-map event: from the event itself with full metadata, else history. */
    private List<SourceColumn> sourceColumns(TableMapEventData tm, String file) {
        TableMapEventMetadata md = tm.getEventMetadata();
        byte[] types = tm.getColumnTypes();
        if (md != null && md.getColumnNames() != null && md.getColumnNames().size() == types.length) {
            // the deserializer maps the signedness bits to column indexes already (set = unsigned)
            BitSet signedness = md.getSignedness();
            List<SourceColumn> out = new ArrayList<>(types.length);
            for (int i = 0; i < types.length; i++) {
                boolean unsigned = signedness != null && isNumeric(types[i] & 0xFF) && signedness.get(i);
                out.add(new SourceColumn(md.getColumnNames().get(i), unsigned));
            }
            return out;
        }
        if (history == null) {
            throw new IllegalStateException("the table-map event of " + tm.getDatabase() + "." + tm.getTable()
                    + " carries no column names although binlog_row_metadata is FULL");
        }
        List<SourceColumn> cols = history.columns(tm.getDatabase(), tm.getTable());
        if (cols == null) {
            throw new IllegalStateException("no schema is known for source table " + tm.getDatabase() + "."
                    + tm.getTable() + " at " + file + "; it was created by a statement Sluice did not follow. Set "
                    + "binlog_row_metadata=FULL on the source (MySQL 8.0, MariaDB 10.5+) or restart the task "
                    + "from a full copy");
        }
        if (cols.size() != types.length) {
            throw new IllegalStateException("binlog rows of " + tm.getDatabase() + "." + tm.getTable() + " at "
                    + file + " have " + types.length + " columns but the schema history has " + cols.size()
                    + " (" + cols.stream().map(SourceColumn::name).toList() + "); the table changed in a way the "
                    + "history did not follow. Set binlog_row_metadata=FULL on the source or restart the task "
                    + "from a full copy");
        }
        return cols;
    }

    private static boolean isNumeric(int type) {
        ColumnType t = ColumnType.byCode(type);
        return t == ColumnType.TINY || t == ColumnType.SHORT || t == ColumnType.INT24 || t == ColumnType.LONG
                || t == ColumnType.LONGLONG || t == ColumnType.FLOAT || t == ColumnType.DOUBLE
                || t == ColumnType.DECIMAL || t == ColumnType.NEWDECIMAL;
    }

    private void heartbeatRows(List<Serializable[]> written, List<Map.Entry<Serializable[], Serializable[]>> updated,
                               Sink sink) {
        List<Serializable[]> after = new ArrayList<>();
        if (written != null) {
            after.addAll(written);
        } else {
            updated.forEach(e -> after.add(e.getValue()));
        }
        for (Serializable[] row : after) {
            if (row.length >= 2 && row[0] instanceof Number id && id.longValue() == serverId
                    && row[1] instanceof String ts) {
                sink.heartbeat(BinlogDates.utcMillis(ts)); // UTC_TIMESTAMP(6), decoded as its literal
            }
        }
    }
}
