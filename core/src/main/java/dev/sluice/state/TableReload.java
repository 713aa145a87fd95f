package dev.sluice.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A table copied again while the task replicates ({@code TASK#<id>/RELOAD#<db>.<table>}): its own hand-off. The
 * replication slices move it through {@link State}: REQUESTED (asked for; the main stream still applies the table)
 * → COPYING (hand-off position taken, destination table emptied, chunks in the ledger; the main stream skips the
 * table's events) → CATCHUP (copied; a second stream replays the table's events from the hand-off) → JOINED (the
 * second stream passed the main stream at {@code joinFile:joinPosition}; the main stream applies the table's
 * events from there) → DONE. FAILED keeps the error; the table is not replicated until it is reloaded again.
 * ADR 0092.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TableReload(String table, State state, String reason, String handoffFile, Long handoffPosition,
                          String handoffGtidSet, String joinFile, Long joinPosition, Instant requestedAt,
                          Instant copiedAt, Instant joinedAt, String error) {

    public enum State {
        REQUESTED, COPYING, CATCHUP, JOINED, DONE, FAILED;

        /** True while the main stream must skip the table's events (the copy or the second stream owns them). */
        public boolean ownsEvents() {
            return this == COPYING || this == CATCHUP || this == FAILED;
        }
    }

    public static String sortKey(String table) {
        return TaskItem.RELOAD.sk(table);
    }

    public static TableReload requested(String table, String reason) {
        return new TableReload(table, State.REQUESTED, reason, null, null, null, null, null, Instant.now(), null,
                null, null);
    }

    public TableReload copying(String file, long position, String gtidSet) {
        return new TableReload(table, State.COPYING, reason, file, position, gtidSet, null, null, requestedAt, null,
                null, null);
    }

    public TableReload caughtUpFrom() {
        return new TableReload(table, State.CATCHUP, reason, handoffFile, handoffPosition, handoffGtidSet, null, null,
                requestedAt, Instant.now(), null, null);
    }

    public TableReload joined(String file, long position) {
        return new TableReload(table, State.JOINED, reason, handoffFile, handoffPosition, handoffGtidSet, file,
                position, requestedAt, copiedAt, Instant.now(), null);
    }

    public TableReload done() {
        return new TableReload(table, State.DONE, reason, handoffFile, handoffPosition, handoffGtidSet, joinFile,
                joinPosition, requestedAt, copiedAt, joinedAt, null);
    }

    public TableReload failed(String message) {
        return new TableReload(table, State.FAILED, reason, handoffFile, handoffPosition, handoffGtidSet, joinFile,
                joinPosition, requestedAt, copiedAt, joinedAt, message);
    }

    /** One line for 'sluice status'. */
    public String describe() {
        String what = switch (state) {
            case REQUESTED -> "requested; starts at the next replication slice";
            case COPYING -> "copying from hand-off " + handoffFile + ":" + handoffPosition;
            case CATCHUP -> "copied; replaying its binlog events from " + handoffFile + ":" + handoffPosition;
            case JOINED -> "joined the main stream at " + joinFile + ":" + joinPosition;
            case DONE -> "reloaded (hand-off " + handoffFile + ":" + handoffPosition + ", joined at " + joinFile + ":"
                    + joinPosition + ")";
            case FAILED -> "FAILED, not replicated: " + error + " — run 'sluice reload <task> " + table + "' again";
        };
        return table + ": " + what + (reason == null ? "" : " [" + reason + "]");
    }

    /** The task's reloads. */
    public static List<TableReload> all(TaskDocuments docs, String taskId) {
        return docs.list(taskId, TaskItem.RELOAD.prefix()).stream()
                .map(n -> TaskDocuments.json().convertValue(n, TableReload.class)).toList();
    }

    public static Optional<TableReload> read(TaskDocuments docs, String taskId, String table) {
        return docs.get(taskId, sortKey(table), TableReload.class);
    }

    public void save(TaskDocuments docs, String taskId) {
        docs.put(taskId, sortKey(table), this);
    }
}
