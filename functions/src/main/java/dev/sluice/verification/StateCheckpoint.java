package dev.sluice.verification;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.state.Item;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads {@code TASK#<id>/CHECKPOINT#BINLOG} from the state table. Fields: {@code file}, {@code position},
 * {@code gtidSet}, {@code delaySeconds}, {@code caughtUp}, {@code updatedAt} (ISO-8601), inside the JSON
 * {@code doc} the incremental phase mirrors there (its ReplicationStatus), or as plain item attributes.
 */
public final class StateCheckpoint implements BinlogCheckpoint {
    public static final String SK = "CHECKPOINT#BINLOG";

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
            try {
                JsonNode n = TaskDocuments.json().readTree(i.str("doc"));
                return new CheckpointState(text(n, "file"), n.path("position").asLong(0), text(n, "gtidSet"),
                        n.path("caughtUp").asBoolean(false) ? Double.valueOf(0)
                                : n.hasNonNull("delaySeconds") ? n.get("delaySeconds").asDouble() : null,
                        n.hasNonNull("updatedAt") ? Instant.parse(n.get("updatedAt").asText())
                                : instant(i.str("updatedAt")));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("the CHECKPOINT#BINLOG document of task is not JSON", e);
            }
        }
        return new CheckpointState(i.str("file"), i.num("position", 0), i.str("gtidSet"),
                i.has("delaySeconds") ? i.dbl("delaySeconds", 0) : null, instant(i.str("updatedAt")));
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
