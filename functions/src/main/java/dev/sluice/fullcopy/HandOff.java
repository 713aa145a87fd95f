package dev.sluice.fullcopy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The hand-off from full copy to binlog replication, {@code TASK#<id>/HANDOFF}: the source's binlog position taken
 * before any chunk is read, written exactly once (a conditional put, so a re-run of the plan never moves it
 * forward past changes the copy may have missed). See docs/fullcopy.md for why replaying from it converges.
 */
public final class HandOff {
    public static final String SK = "HANDOFF";

    private HandOff() {
    }

    /** The stored hand-off position, if any. */
    public static Optional<BinlogPosition> read(TaskDocuments docs, String taskId) {
        return docs.get(taskId, SK, BinlogPosition.class);
    }

    /** Records the source's current position unless a hand-off is recorded already; returns the one in force. */
    public static BinlogPosition recordOnce(StateTable table, TaskDocuments docs, String taskId, Connection source)
            throws SQLException {
        Optional<BinlogPosition> existing = read(docs, taskId);
        if (existing.isPresent()) {
            return existing.get();
        }
        BinlogPosition pos = BinlogPosition.current(source, ServerInfo.of(source));
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
