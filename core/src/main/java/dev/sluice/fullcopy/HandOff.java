package dev.sluice.fullcopy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.db.SourceColumns;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskItem;
import dev.sluice.state.Tasks;
import dev.sluice.task.ObjectFilter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hand-off from full copy to binlog replication, {@code TASK#<id>/HANDOFF}: the source's binlog position taken
 * before any chunk is read, written exactly once (a conditional put, so a re-run of the plan never moves it
 * forward past changes the copy may have missed). See docs/fullcopy.md for why replaying from it converges.
 */
public final class HandOff {
    public static final String SK = TaskItem.HANDOFF.sk();
    private static final int SCHEMA_ATTEMPTS = 10;

    private HandOff() {
    }

    /** The stored hand-off position, if any. */
    public static Optional<BinlogPosition> read(TaskDocuments docs, String taskId) {
        return docs.get(taskId, SK, BinlogPosition.class);
    }

    /**
     * Records the source's current position unless a hand-off is recorded already; returns the one in force. With
     * it, the columns of the selected tables at that position ({@link SourceColumns#HANDOFF_SK}): read before and
     * after the position, and taken only when both reads agree, so no DDL ran in between (else tried again).
     */
    public static BinlogPosition recordOnce(StateTable table, TaskDocuments docs, String taskId, Connection source,
                                           ObjectFilter filter) throws SQLException {
        Optional<BinlogPosition> existing = read(docs, taskId);
        if (existing.isPresent()) {
            return existing.get();
        }
        Map<String, List<SourceColumns.Column>> columns = SourceColumns.read(source, filter::includesTable, null, null);
        BinlogPosition pos = null;
        for (int attempt = 0; pos == null; attempt++) {
            BinlogPosition at = BinlogPosition.current(source, ServerInfo.of(source));
            Map<String, List<SourceColumns.Column>> after = SourceColumns.read(source, filter::includesTable, null,
                    null);
            if (after.equals(columns)) {
                pos = at;
            } else if (attempt >= SCHEMA_ATTEMPTS) {
                throw new IllegalStateException("the selected source tables' columns changed every time the "
                        + "hand-off position was taken (" + SCHEMA_ATTEMPTS + " tries); run the full copy again "
                        + "when no DDL is running on the source");
            }
            columns = after;
        }
        docs.put(taskId, SourceColumns.HANDOFF_SK, new SourceColumns.Snapshot(pos.file(), pos.position(), columns));
        String json;
        try {
            json = TaskDocuments.json().writeValueAsString(pos);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the hand-off position as JSON", e);
        }
        if (table.putNew(Tasks.pk(taskId), SK, Map.of("doc", StateTable.s(json),
                "updatedAt", StateTable.s(Instant.now().toString())))) {
            return pos;
        }
        return read(docs, taskId).orElseThrow();
    }
}
