package dev.sluice.throttle;

import dev.sluice.state.Item;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskItem;
import dev.sluice.state.Tasks;
import dev.sluice.task.ThrottleSpec;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The live throttle of a task, item {@code TASK#<id>/THROTTLE}: the limits in force (seeded from the task file,
 * changeable while the task runs, e.g. by {@code sluice throttle}) and why copying is paused right now, if it is.
 */
public record ThrottleItem(long rowsPerSecond, long bytesPerSecond, int maxThreadsRunning, String pausedReason,
                           Instant pausedAt) {
    public static final String SK = TaskItem.THROTTLE.sk();

    public ThrottleSpec limits() {
        return new ThrottleSpec(rowsPerSecond, bytesPerSecond, maxThreadsRunning);
    }

    /** The stored item, if any. */
    public static Optional<ThrottleItem> read(StateTable table, String taskId) {
        return table.get(Tasks.pk(taskId), SK).map(ThrottleItem::from);
    }

    static ThrottleItem from(Item i) {
        String at = i.str("pausedAt");
        return new ThrottleItem(i.num("rowsPerSecond", 0), i.num("bytesPerSecond", 0),
                (int) i.num("maxThreadsRunning", 0), i.str("pausedReason"), at == null ? null : Instant.parse(at));
    }

    /** Creates the item from the task file's limits unless it exists (a re-plan keeps limits changed meanwhile). */
    public static void seed(StateTable table, String taskId, ThrottleSpec spec) {
        table.putNew(Tasks.pk(taskId), SK, limitAttributes(spec));
    }

    /** Changes the limits of a (running) task; workers pick them up within a few seconds. */
    public static void setLimits(StateTable table, String taskId, ThrottleSpec limits) {
        Map<String, AttributeValue> a = limitAttributes(limits);
        if (!table.putNew(Tasks.pk(taskId), SK, a)) {
            table.set(Tasks.pk(taskId), SK, a);
        }
    }

    /** Records (reason non-null) or clears (null) the pause reason shown by {@code status}. */
    public static void setPause(StateTable table, String taskId, String reason) {
        Map<String, AttributeValue> a = new HashMap<>();
        a.put("pausedReason", reason == null ? AttributeValue.fromNul(true) : StateTable.s(reason));
        a.put("pausedAt", reason == null ? AttributeValue.fromNul(true) : StateTable.s(Instant.now().toString()));
        if (!table.putNew(Tasks.pk(taskId), SK, a)) {
            table.set(Tasks.pk(taskId), SK, a);
        }
    }

    private static Map<String, AttributeValue> limitAttributes(ThrottleSpec s) {
        Map<String, AttributeValue> a = new HashMap<>();
        a.put("rowsPerSecond", StateTable.n(s.rowsPerSecondOrUnlimited()));
        a.put("bytesPerSecond", StateTable.n(s.bytesPerSecondOrUnlimited()));
        a.put("maxThreadsRunning", StateTable.n(s.maxThreadsRunningOrDefault()));
        a.put("updatedAt", StateTable.s(Instant.now().toString()));
        return a;
    }

    /** One line for {@code status}: limits and pause reason. */
    public String describe() {
        String rows = rowsPerSecond > 0 ? rowsPerSecond + " rows/s" : "unlimited rows/s";
        String bytes = bytesPerSecond > 0 ? bytesPerSecond + " bytes/s" : "unlimited bytes/s";
        String threads = maxThreadsRunning > 0 ? ", pause above " + maxThreadsRunning + " Threads_running" : "";
        String pause = pausedReason == null ? "" : "; PAUSED since " + pausedAt + ": " + pausedReason;
        return "throttle: " + rows + ", " + bytes + threads + pause;
    }
}
