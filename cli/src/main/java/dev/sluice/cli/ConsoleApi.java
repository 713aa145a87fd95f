package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.fullcopy.ChunkLedger;
import dev.sluice.fullcopy.ChunkState;
import dev.sluice.local.LocalPlatform;
import dev.sluice.state.ReplicationHistory;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.task.TaskFiles;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.ThrottleSpec;
import dev.sluice.throttle.ThrottleItem;
import dev.sluice.workflow.store.ExecutionRecord;
import dev.sluice.workflow.store.Page;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the console reads beyond 'sluice status': the task's workflow execution (its ASL definition and history
 * events, for the graph), the task's executions, the chunk ledger (the Map view), the throttle, and task files
 * checked the way 'sluice validate' checks them. Read-only except {@link #setThrottle}.
 */
final class ConsoleApi {
    private static final ObjectMapper JSON = TaskDocuments.json();
    private static final Pattern SLOT = Pattern.compile("^slot(\\d+)@");
    /** History events returned at most per request (the newest; the console asks again with {@code since}). */
    static final int MAX_EVENTS = 20_000;

    private final LocalPlatform platform;
    private final TaskExecutions executions;

    ConsoleApi(LocalPlatform platform, TaskExecutions executions) {
        this.platform = platform;
        this.executions = executions;
    }

    /**
     * The task's current execution: status, error, its definition (omitted when {@code knownArn} is that
     * execution: the console has it), history events after {@code since} (all when 0), and the task's executions.
     */
    ObjectNode execution(String taskId, long since, String knownArn) {
        TaskRecord t = platform.control().tasks().require(taskId);
        ObjectNode out = JSON.createObjectNode();
        out.set("executions", executions(taskId));
        if (t.executionArn() == null) {
            out.putArray("events");
            return out;
        }
        ExecutionRecord e = platform.runner().describeExecution(t.executionArn());
        describe(out, e);
        out.put("executionArn", e.arn());
        boolean incremental = e.arn().equals(knownArn) && since > 0;
        out.put("incremental", incremental);
        String definition = platform.runner().describeStateMachineForExecution(e.arn());
        out.put("definitionHash", sha256(definition));
        if (!incremental) {
            out.set("definition", readTree(definition));
        }
        out.set("events", events(e.arn(), incremental ? since : 0));
        return out;
    }

    /** History events with an id above {@code since}, oldest first. */
    private ArrayNode events(String arn, long since) {
        List<ObjectNode> newestFirst = new ArrayList<>();
        String token = null;
        pages:
        do {
            Page<ObjectNode> page = platform.runner().getExecutionHistory(arn, 1000, token, true);
            for (ObjectNode ev : page.items()) {
                if (ev.path("id").asLong() <= since || newestFirst.size() >= MAX_EVENTS) {
                    break pages;
                }
                newestFirst.add(ev);
            }
            token = page.nextToken();
        } while (token != null);
        Collections.reverse(newestFirst);
        ArrayNode a = JSON.createArrayNode();
        newestFirst.forEach(a::add);
        return a;
    }

    /** The task's executions (each start, resume and continue-as-new), newest first. */
    private ArrayNode executions(String taskId) {
        ArrayNode a = JSON.createArrayNode();
        for (ExecutionRecord e : executions.of(taskId)) {
            describe(a.addObject(), e);
        }
        return a;
    }

    private static void describe(ObjectNode n, ExecutionRecord e) {
        n.put("name", e.name());
        n.put("arn", e.arn());
        n.put("status", e.status());
        n.put("startDate", String.valueOf(e.startDate()));
        n.put("stopDate", e.stopDate() == null ? null : e.stopDate().toString());
        n.put("error", e.error());
        n.put("cause", e.cause());
    }

    /** The chunk ledger for the Map view: each chunk with its state, the worker slot that holds or copied it. */
    ObjectNode chunks(String taskId) {
        platform.control().tasks().require(taskId);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("chunks");
        long rows = 0;
        long bytes = 0;
        for (ChunkState c : new ChunkLedger(platform.stateTable(), taskId).all()) {
            ObjectNode n = list.addObject();
            n.put("table", c.chunk().table().toString());
            n.put("seq", c.chunk().seq());
            n.put("status", c.status().name());
            n.put("owner", c.owner());
            Matcher m = c.owner() == null ? null : SLOT.matcher(c.owner());
            if (m != null && m.find()) {
                n.put("slot", Integer.parseInt(m.group(1)));
            }
            n.put("rows", c.rows());
            n.put("rowsCopying", c.rowsCopying());
            n.put("bytes", c.bytes());
            n.put("attempts", c.attempts());
            n.put("estimatedRows", c.chunk().estimatedRows());
            if (c.status() == ChunkState.Status.DONE) {
                rows += c.rows();
                bytes += c.bytes();
            }
        }
        out.put("rowsCopied", rows);
        out.put("bytesCopied", bytes);
        return out;
    }

    /** The replication delay and counters every 10 s over the last 30 minutes (the chart across page loads). */
    ReplicationHistory replicationHistory(String taskId) {
        platform.control().tasks().require(taskId);
        return ReplicationHistory.read(platform.control().documents(), taskId);
    }

    /** The throttle in force (the live item once the copy is planned, else the task file's limits). */
    ObjectNode throttle(String taskId) {
        TaskRecord t = platform.control().tasks().require(taskId);
        ObjectNode out = JSON.createObjectNode();
        var item = ThrottleItem.read(platform.stateTable(), taskId);
        ThrottleSpec limits = item.map(ThrottleItem::limits).orElse(t.spec().throttleOrNone());
        out.put("inForce", item.map(ThrottleItem::describe).orElse("from the task file (not planned yet): " + limits));
        out.set("limits", JSON.valueToTree(limits));
        return out;
    }

    /** Sets limits like 'sluice throttle'; a missing field keeps its value, 0 = unlimited. */
    ObjectNode setThrottle(String taskId, JsonNode body) {
        TaskRecord t = platform.control().tasks().require(taskId);
        ThrottleSpec current = ThrottleItem.read(platform.stateTable(), taskId).map(ThrottleItem::limits)
                .orElse(t.spec().throttleOrNone());
        Long rows = limit(body, "rowsPerSecond", current.rowsPerSecond());
        Long bytes = limit(body, "bytesPerSecond", current.bytesPerSecond());
        Long threads = limit(body, "maxThreadsRunning", current.maxThreadsRunning() == null ? null
                : current.maxThreadsRunning().longValue());
        ThrottleSpec next = new ThrottleSpec(rows, bytes, threads == null ? null : (int) Math.min(Integer.MAX_VALUE, threads));
        ThrottleItem.setLimits(platform.stateTable(), taskId, next);
        return throttle(taskId);
    }

    private static Long limit(JsonNode body, String field, Long current) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return current;
        }
        if (!v.isIntegralNumber() || v.asLong() < 0) {
            throw new IllegalArgumentException(field + " must be a whole number, 0 (unlimited) or more, not " + v);
        }
        return v.asLong();
    }

    /** A task file sent as {@code {"taskFile": "<YAML or JSON text>"}}, or the task itself as JSON. */
    static TaskSpec taskFrom(String body) {
        JsonNode n = readTreeOrNull(body);
        if (n != null && n.isObject() && n.size() == 1 && n.path("taskFile").isTextual()) {
            return TaskFiles.parse(n.get("taskFile").asText(), "task file");
        }
        return TaskFiles.parse(body, "request body");
    }

    /** What 'sluice validate' prints for a valid task file (invalid ones throw TaskFileException). */
    static ObjectNode validate(String body) {
        TaskSpec spec = taskFrom(body);
        return JSON.createObjectNode().put("valid", true).put("summary", "valid task '" + spec.name() + "' ("
                + spec.source().address() + " -> " + spec.destination().address() + ", types " + spec.types() + ")");
    }

    private static JsonNode readTree(String json) {
        JsonNode n = readTreeOrNull(json);
        return n == null ? JSON.createObjectNode() : n;
    }

    private static JsonNode readTreeOrNull(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(s).getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
