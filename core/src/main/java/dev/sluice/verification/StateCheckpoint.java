package dev.sluice.verification;

import dev.sluice.state.Item;
import dev.sluice.state.ReplicationStatus;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskItem;
import dev.sluice.state.Tasks;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads {@code TASK#<id>/CHECKPOINT#BINLOG} from the state table: the {@link ReplicationStatus} document the
 * incremental phase mirrors there, or (tests) plain item attributes {@code file}, {@code position},
 * {@code gtidSet}, {@code delaySeconds}, {@code updatedAt} (ISO-8601).
 */
public final class StateCheckpoint implements BinlogCheckpoint {
    public static final String SK = TaskItem.CHECKPOINT_BINLOG.sk();

    private final StateTable table;
    private final String taskId;

    public StateCheckpoint(StateTable table, String taskId) {
        this.table = table;
        this.taskId = taskId;
    }

    @Override
    public Optional<CheckpointState> read() {
        return table.get(Tasks.pk(taskId), SK).map(StateCheckpoint::parse);
    }

    static CheckpointState parse(Item i) {
        if (i.has("doc")) {
            ReplicationStatus st;
            try {
                st = TaskDocuments.json().readValue(i.str("doc"), ReplicationStatus.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("the " + SK + " document of the task is not a replication status; "
                        + "resume the incremental phase so that it writes the item again", e);
            }
            return new CheckpointState(st.file(), st.position(), st.gtidSet(),
                    st.caughtUp() ? Double.valueOf(0) : Double.valueOf(st.delaySeconds()),
                    st.updatedAt() != null ? st.updatedAt() : instant(i.str("updatedAt")));
        }
        return new CheckpointState(i.str("file"), i.num("position", 0), i.str("gtidSet"),
                i.has("delaySeconds") ? i.dbl("delaySeconds", 0) : null, instant(i.str("updatedAt")));
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
