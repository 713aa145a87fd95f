package dev.sluice.binlog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.db.BinlogPosition;
import dev.sluice.db.ServerInfo;
import dev.sluice.failure.Failures;
import dev.sluice.task.MigrationType;
import dev.sluice.task.StartTimestamp;
import dev.sluice.task.TaskOptions.IncrementalOptions;
import dev.sluice.task.TaskSpec;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a task's first slice starts reading: the GTID set or file/position given in
 * {@code options.incremental.start_*} (a {@code start_timestamp} is looked up by {@link BinlogTimeLocator}), else
 * the full copy's hand-off position ({@code HANDOFF}), else the source's current position. Later slices resume from
 * the destination's checkpoint instead.
 */
public record StartPosition(String file, long position, String gtidSet, String origin) {

    public static final String FULL_COPY_HANDOFF = "full copy hand-off";

    /** True when the start is the full copy's hand-off (rows after it may already be copied). */
    public boolean fromFullCopy() {
        return FULL_COPY_HANDOFF.equals(origin);
    }

    public boolean usesGtid() {
        return gtidSet != null;
    }

    public BinlogCoordinate coordinate() {
        return new BinlogCoordinate(file == null ? "" : file, file == null ? 0 : position, 0);
    }

    /**
     * {@code handoff}: reads the task's {@code HANDOFF} document; {@code readerServerId}: the task's binlog reader id
     * (a start_timestamp lookup uses a different one).
     */
    public static StartPosition resolve(TaskSpec spec, Supplier<Optional<JsonNode>> handoff, Connection source,
                                        ServerInfo server, long readerServerId) throws SQLException {
        IncrementalOptions o = spec.optionsOrDefaults().incrementalOrDefault();
        if (o.startGtidSet() != null && !o.startGtidSet().isBlank()) {
            return new StartPosition(null, 0, o.startGtidSet().trim(), "options.incremental.start_gtid_set");
        }
        if (o.startFile() != null && !o.startFile().isBlank()) {
            long pos = o.startPosition() == null ? 4 : o.startPosition();
            return new StartPosition(o.startFile().trim(), pos, null, "options.incremental.start_file/position");
        }
        if (o.startTimestamp() != null && !o.startTimestamp().isBlank()) {
            try {
                return new BinlogTimeLocator(spec.source(), ServerIds.forTimeLookup(readerServerId))
                        .locate(source, server, StartTimestamp.parse(o.startTimestamp()));
            } catch (IOException e) {
                throw Failures.classify("looking up options.incremental.start_timestamp in the binlogs of "
                        + spec.source().address(), e);
            }
        }
        if (spec.has(MigrationType.FULL)) {
            JsonNode h = handoff.get().orElseThrow(() -> new IllegalStateException("the full copy left no "
                    + "hand-off position (TASK#<id>/HANDOFF); resume the task from the full copy phase"));
            String gtid = text(h, "gtidSet");
            if (gtid != null) {
                return new StartPosition(text(h, "file"), h.path("position").asLong(4), gtid, FULL_COPY_HANDOFF);
            }
            return new StartPosition(text(h, "file"), h.path("position").asLong(4), null, FULL_COPY_HANDOFF);
        }
        BinlogPosition now = BinlogPosition.current(source, server);
        return new StartPosition(now.file(), now.position(), now.gtidSet(), "source position when the task started");
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }
}
