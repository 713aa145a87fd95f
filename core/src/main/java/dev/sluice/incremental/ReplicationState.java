package dev.sluice.incremental;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.db.SourceColumns;
import dev.sluice.state.ReplicationStatus;
import java.util.List;
import java.util.Optional;

/**
 * What the replicator reads from and writes to the task's state: the stop flag, the full copy's hand-off position,
 * the schema history and the mirrored checkpoint. {@link StateTableReplicationState} keeps it in the state table.
 */
public interface ReplicationState {
    boolean isStopRequested();

    /** The {@code HANDOFF} document written by the full copy, if any. */
    Optional<JsonNode> handoff();

    /** The columns of the selected tables at the hand-off position, stored by the full copy, if any. */
    default Optional<SourceColumns.Snapshot> handoffColumns() {
        return Optional.empty();
    }

    /** Schema history entries in sequence order. */
    List<SchemaHistory.Entry> schemaHistory();

    void putSchemaHistory(SchemaHistory.Entry entry);

    void deleteSchemaHistory(int seq);

    /**
     * The unique-key ALTERs the schema phase left for after the replay window ({@code SCHEMA#AFTERREPLAY}), empty
     * when there are none or they are built.
     */
    default List<String> uniqueKeysAfterReplay() {
        return List.of();
    }

    /** Records that the unique keys after the replay window are built. */
    default void uniqueKeysBuilt() {
    }

    /** Mirrors the applied position and delay ({@code CHECKPOINT#BINLOG}). */
    void mirror(ReplicationStatus status);
}
