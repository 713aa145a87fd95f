package dev.sluice.incremental;

import dev.sluice.binlog.BinlogCoordinate;
import dev.sluice.db.SourceColumns;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The columns each selected source table had at each point of the binlog, for sources that do not log column
 * names with row events ({@code binlog_row_metadata=MINIMAL}, MySQL 5.7, older MariaDB). Entry 0 snapshots the
 * selected tables at the start position; each DDL on a selected table adds an entry with that table's columns
 * after the DDL. Entries live in the state table ({@code SCHEMAHIST#<seq>}); on restart the entries after the
 * resume position are dropped and recreated as the DDL events are read again.
 */
public final class SchemaHistory {
    /** One history entry: from {@code at} on, these tables have these columns (a null list = dropped). */
    public record Entry(int seq, String file, long position, Instant createdAt, String ddl,
                        Map<String, List<SourceColumn>> tables) {
        BinlogCoordinate coordinate() {
            return new BinlogCoordinate(file, position, 0);
        }
    }

    private final ReplicationState state;
    private final Map<String, List<SourceColumn>> current = new HashMap<>();
    private int nextSeq;

    private SchemaHistory(ReplicationState state) {
        this.state = state;
    }

    /**
     * The history as of {@code resumeAt}: stored entries up to it are replayed, later ones deleted. When nothing is
     * stored yet, a snapshot of the selected tables is read from the source and stored as entry 0.
     */
    public static SchemaHistory load(ReplicationState state, Connection source, BinlogCoordinate resumeAt,
                                     BiPredicate<String, String> selected) throws SQLException {
        SchemaHistory h = new SchemaHistory(state);
        List<Entry> entries = state.schemaHistory();
        if (entries.isEmpty()) {
            // replication from the full copy's hand-off starts with the columns the tables had there (the copy
            // took them with the position); any other start reads them now (ADR 0041)
            Optional<SourceColumns.Snapshot> handoff = state.handoffColumns()
                    .filter(s -> s.file().equals(resumeAt.file()) && s.position() == resumeAt.position());
            Map<String, List<SourceColumn>> snap = handoff.isPresent() ? convert(handoff.get().tables())
                    : read(source, null, selected);
            Entry e = new Entry(0, resumeAt.file(), resumeAt.position(), Instant.now(), null, snap);
            state.putSchemaHistory(e);
            entries = List.of(e);
        }
        for (Entry e : entries) {
            if (e.seq() > 0 && resumeAt.isBefore(e.coordinate())) {
                state.deleteSchemaHistory(e.seq());
                continue;
            }
            h.apply(e);
            h.nextSeq = Math.max(h.nextSeq, e.seq() + 1);
        }
        return h;
    }

    private void apply(Entry e) {
        e.tables().forEach((table, cols) -> {
            if (cols == null) {
                current.remove(table);
            } else {
                current.put(table, List.copyOf(cols));
            }
        });
    }

    /** The columns of {@code db.table} at the current point of the stream, or null when unknown. */
    public List<SourceColumn> columns(String db, String table) {
        return current.get(db + "." + table);
    }

    /**
     * Records the columns of the given tables after a DDL at {@code at}, read from the source now. A table that
     * no longer exists is recorded as dropped.
     */
    public void afterDdl(Connection source, BinlogCoordinate at, String ddl, Collection<String[]> tables,
                         BiPredicate<String, String> selected) throws SQLException {
        Map<String, List<SourceColumn>> changed = new LinkedHashMap<>();
        for (String[] t : tables) {
            if (!selected.test(t[0], t[1])) {
                continue;
            }
            Map<String, List<SourceColumn>> one = read(source, t, selected);
            changed.put(t[0] + "." + t[1], one.get(t[0] + "." + t[1]));
        }
        if (changed.isEmpty()) {
            return;
        }
        String text = ddl.length() > 2000 ? ddl.substring(0, 2000) + "..." : ddl;
        Entry e = new Entry(nextSeq++, at.file(), at.position(), Instant.now(), text, changed);
        state.putSchemaHistory(e);
        apply(e);
    }

    /** Columns of one table ({@code only}) or of every selected table, from information_schema. */
    static Map<String, List<SourceColumn>> read(Connection source, String[] only,
                                                BiPredicate<String, String> selected) throws SQLException {
        return convert(SourceColumns.read(source, selected, only == null ? null : only[0],
                only == null ? null : only[1]));
    }

    private static Map<String, List<SourceColumn>> convert(Map<String, List<SourceColumns.Column>> tables) {
        Map<String, List<SourceColumn>> out = new LinkedHashMap<>();
        tables.forEach((t, cols) -> out.put(t, cols.stream().map(c -> new SourceColumn(c.name(), c.unsigned()))
                .toList()));
        return out;
    }

    /** Whether the source logs full row metadata (column names in the events): then no history is needed. */
    static boolean rowMetadataIsFull(java.sql.Connection source) {
        try (java.sql.Statement st = source.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT @@binlog_row_metadata")) {
            return rs.next() && "FULL".equalsIgnoreCase(rs.getString(1));
        } catch (java.sql.SQLException e) {
            return false; // MySQL 5.7, MariaDB before 10.5: no such variable
        }
    }
}
