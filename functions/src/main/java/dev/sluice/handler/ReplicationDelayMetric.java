package dev.sluice.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.incremental.ReplicationState;
import dev.sluice.incremental.SchemaHistory;
import dev.sluice.settings.Settings;
import dev.sluice.state.ReplicationStatus;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Publishes the replication delay as the CloudWatch metric {@code Sluice/ReplicationDelaySeconds} (dimensions
 * {@code Stack} and {@code Stack, TaskId}) whenever the replicator mirrors its position, at most once a minute:
 * one JSON line in CloudWatch embedded metric format on standard output, which Lambda sends to CloudWatch Logs and
 * CloudWatch turns into the metric (no API call, no permission). The SAM template alarms on it. Everything else is
 * passed through to the wrapped state.
 */
final class ReplicationDelayMetric implements ReplicationState {
    static final String NAMESPACE = "Sluice";
    static final String METRIC = "ReplicationDelaySeconds";
    private static final long MIN_INTERVAL_MILLIS = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReplicationState state;
    private final String stack;
    private final String taskId;
    private final PrintStream out;
    private long lastEmitMillis = Long.MIN_VALUE / 2;

    ReplicationDelayMetric(ReplicationState state, String stack, String taskId, PrintStream out) {
        this.state = state;
        this.stack = stack;
        this.taskId = taskId;
        this.out = out;
    }

    /** Wraps {@code state} on Lambda (where the stack name is set); elsewhere returns it as it is. */
    static ReplicationState onLambda(ReplicationState state, String taskId) {
        String stack = Settings.STACK_NAME.string(null);
        if (!Settings.onLambda() || stack == null) {
            return state;
        }
        return new ReplicationDelayMetric(state, stack, taskId, System.out);
    }

    /** The embedded-metric-format line for one delay sample. */
    static String line(String stack, String taskId, double delaySeconds, Instant at) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", at.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        var dims = directive.putArray("Dimensions");
        dims.addArray().add("Stack");
        dims.addArray().add("Stack").add("TaskId");
        directive.putArray("Metrics").addObject().put("Name", METRIC).put("Unit", "Seconds");
        root.put("Stack", stack);
        root.put("TaskId", taskId);
        root.put(METRIC, delaySeconds);
        return root.toString();
    }

    @Override
    public void mirror(ReplicationStatus status) {
        state.mirror(status);
        long now = System.currentTimeMillis();
        if (now - lastEmitMillis >= MIN_INTERVAL_MILLIS) {
            lastEmitMillis = now;
            out.println(line(stack, taskId, status.caughtUp() ? 0 : status.delaySeconds(), Instant.ofEpochMilli(now)));
            out.flush();
        }
    }

    @Override
    public boolean isStopRequested() {
        return state.isStopRequested();
    }

    @Override
    public Optional<JsonNode> handoff() {
        return state.handoff();
    }

    @Override
    public List<SchemaHistory.Entry> schemaHistory() {
        return state.schemaHistory();
    }

    @Override
    public void putSchemaHistory(SchemaHistory.Entry entry) {
        state.putSchemaHistory(entry);
    }

    @Override
    public void deleteSchemaHistory(int seq) {
        state.deleteSchemaHistory(seq);
    }
}
