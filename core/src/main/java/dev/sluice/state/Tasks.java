package dev.sluice.state;

import static dev.sluice.state.StateTable.bool;
import static dev.sluice.state.StateTable.s;

import dev.sluice.task.TaskFiles;
import dev.sluice.task.TaskSpec;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Task items of the state table: {@code TASK#<id>/META} plus a listing item {@code TASKS/<createdAt>#<id>},
 * written together; status, phase and the stop flag are updated in place.
 */
public class Tasks {
    public static final String META = TaskItem.META.sk();
    private static final String LIST_PK = "TASKS";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StateTable table;

    public Tasks(StateTable table) {
        this.table = table;
    }

    public static String pk(String taskId) {
        return "TASK#" + taskId;
    }

    private static String listingSortKey(String createdAt, String taskId) {
        return createdAt + "#" + taskId;
    }

    /** The key of the task's listing item ({@code TASKS/<createdAt>#<id>}). */
    static Map<String, AttributeValue> listingKey(TaskRecord task) {
        return StateTable.key(LIST_PK, listingSortKey(task.createdAt().toString(), task.id()));
    }

    /** Stores a new task and returns its id ({@code <name>-<8 hex>}). */
    public TaskRecord create(TaskSpec spec) {
        String id = spec.name() + "-" + HexFormat.of().formatHex(RANDOM.generateSeed(4));
        String now = Instant.now().toString();
        Map<String, AttributeValue> meta = new HashMap<>(StateTable.key(pk(id), META));
        meta.put("taskId", s(id));
        meta.put("name", s(spec.name()));
        meta.put("spec", s(TaskFiles.toJson(spec)));
        meta.put("status", s(TaskStatus.CREATED.name()));
        meta.put("phase", s(Phase.CONNECTIVITY.name()));
        meta.put("stopRequested", bool(false));
        meta.put("createdAt", s(now));
        meta.put("updatedAt", s(now));
        meta.put(StateTable.VERSION, StateTable.n(1));
        Map<String, AttributeValue> listing = new HashMap<>(StateTable.key(LIST_PK, listingSortKey(now, id)));
        listing.put("taskId", s(id));
        listing.put(StateTable.VERSION, StateTable.n(1));
        table.client().transactWriteItems(t -> t.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(table.tableName()).item(meta)
                        .conditionExpression("attribute_not_exists(pk)").build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table.tableName()).item(listing)
                        .build()).build()));
        return get(id).orElseThrow();
    }

    public Optional<TaskRecord> get(String taskId) {
        return table.get(pk(taskId), META).map(TaskRecord::from);
    }

    /** The task, or an error that says how to find the right id. */
    public TaskRecord require(String taskId) {
        return get(taskId).orElseThrow(() -> new NoSuchTaskException(taskId));
    }

    /** All tasks, newest first. */
    public List<TaskRecord> list() {
        List<TaskRecord> out = new ArrayList<>();
        for (Item i : table.query(LIST_PK, "")) {
            get(i.str("taskId")).ifPresent(out::add);
        }
        out.sort((a, b) -> b.createdAt().compareTo(a.createdAt()));
        return out;
    }

    public TaskRecord setPhase(String taskId, Phase phase) {
        return update(taskId, Map.of("phase", s(phase.name())));
    }

    public TaskRecord setStatus(String taskId, TaskStatus status, String error) {
        Map<String, AttributeValue> a = new HashMap<>();
        a.put("status", s(status.name()));
        a.put("error", error == null ? AttributeValue.fromNul(true) : s(error));
        return update(taskId, a);
    }

    /** Replaces the task's spec (its objects changed while it runs; the next replication slice reads it). */
    public TaskRecord setSpec(String taskId, TaskSpec spec) {
        return update(taskId, Map.of("spec", s(TaskFiles.toJson(spec))));
    }

    public TaskRecord setExecution(String taskId, String executionArn) {
        return update(taskId, Map.of("executionArn", s(executionArn)));
    }

    /** Raises the stop flag; workers end at their next safe point (a transaction boundary for the binlog). */
    public TaskRecord requestStop(String taskId) {
        return update(taskId, Map.of("stopRequested", bool(true)));
    }

    /**
     * Marks a task cut over: status CUT_OVER (kept when its execution ends), stop flag raised so the replication
     * ends at its next transaction boundary, and the time.
     */
    public TaskRecord markCutOver(String taskId) {
        return update(taskId, Map.of("status", s(TaskStatus.CUT_OVER.name()), "stopRequested", bool(true),
                "cutOverAt", s(Instant.now().toString())));
    }

    /** Clears the stop flag (when a stopped task is resumed). */
    public TaskRecord clearStop(String taskId) {
        return update(taskId, Map.of("stopRequested", bool(false)));
    }

    public boolean isStopRequested(String taskId) {
        return table.get(pk(taskId), META).map(i -> i.bool("stopRequested")).orElse(false);
    }

    private TaskRecord update(String taskId, Map<String, AttributeValue> attrs) {
        Map<String, AttributeValue> a = new HashMap<>(attrs);
        a.put("updatedAt", s(Instant.now().toString()));
        return TaskRecord.from(table.set(pk(taskId), META, a));
    }
}
