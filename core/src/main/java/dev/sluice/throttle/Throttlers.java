package dev.sluice.throttle;

import dev.sluice.settings.Settings;
import dev.sluice.state.StateTable;
import dev.sluice.task.TaskSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One {@link TaskThrottler} per task per process, shared by the workers running there and closed when the last of
 * them releases it.
 */
public final class Throttlers {
    private static final Map<String, TaskThrottler> THROTTLERS = new HashMap<>();
    private static final Map<String, Integer> USERS = new HashMap<>();

    private Throttlers() {
    }

    /** The task's shared throttler, created by {@code factory} for the first user; pair with {@link #release}. */
    public static synchronized TaskThrottler acquire(String taskId, Supplier<TaskThrottler> factory) {
        TaskThrottler t = THROTTLERS.computeIfAbsent(taskId, k -> factory.get());
        USERS.merge(taskId, 1, Integer::sum);
        return t;
    }

    /**
     * The task's shared throttler, created for the first user from the live limits (the {@code THROTTLE} item,
     * else the task file's) with a {@code Threads_running} probe on the source; pair with {@link #release}.
     */
    public static TaskThrottler forTask(StateTable table, String taskId, TaskSpec spec, int share) {
        return acquire(taskId, () -> new TaskThrottler(table, taskId,
                ThrottleItem.read(table, taskId).map(ThrottleItem::limits).orElse(spec.throttleOrNone()), share,
                new ThreadsRunningProbe(spec.source())));
    }

    public static synchronized void release(String taskId) {
        Integer n = USERS.get(taskId);
        if (n == null) {
            return;
        }
        if (n <= 1) {
            USERS.remove(taskId);
            TaskThrottler t = THROTTLERS.remove(taskId);
            if (t != null) {
                t.close();
            }
        } else {
            USERS.put(taskId, n - 1);
        }
    }

    /** How many processes share a task's limits: the worker count on AWS Lambda (one worker each), else 1. */
    public static int processShare(int workers) {
        return Settings.onLambda() ? Math.max(1, workers) : 1;
    }
}
