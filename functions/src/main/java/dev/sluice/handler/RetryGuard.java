package dev.sluice.handler;

import dev.sluice.failure.Failures;
import dev.sluice.failure.Outages;
import dev.sluice.failure.RetriableException;
import dev.sluice.failure.RetryStatus;
import dev.sluice.failure.RetryWindow;
import dev.sluice.failure.RetryWindowSpentException;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Runs one phase function call under the task's retry window: a failure a retry may cure is recorded in
 * {@code TASK#<id>/RETRY} (what, since when, attempt, next attempt, window end: what 'status', the API and the
 * console show) and rethrown as a {@link RetriableException}, which the workflow retries with backoff; when the
 * next attempt would come after the window's end it becomes a {@link RetryWindowSpentException}, which fails the
 * task. A retried call that succeeds marks the task recovered. First calls that succeed cost nothing extra.
 */
public final class RetryGuard {
    private static final Logger LOG = Logger.getLogger(RetryGuard.class.getName());

    /** The work of a function call. */
    @FunctionalInterface
    public interface Work<T> {
        T call() throws Exception;
    }

    private RetryGuard() {
    }

    /** {@code retryCount}: the state's {@code $$.State.RetryCount} (null: a first call). */
    public static <T> T run(TaskDocuments docs, TaskRecord task, Integer retryCount, Work<T> work) {
        Instant start = Instant.now();
        int retries = retryCount == null ? 0 : retryCount;
        T out;
        try {
            out = work.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(docs, task, retries, start, e);
        } catch (Exception e) {
            throw failed(docs, task, retries, start, e);
        }
        if (retries > 0) {
            Optional<RetryStatus> s = docs.get(task.id(), RetryStatus.SORT_KEY, RetryStatus.class);
            if (s.isPresent() && s.get().active()) {
                docs.put(task.id(), RetryStatus.SORT_KEY, RetryWindow.recovered(s.get()));
                LOG.info("task " + task.id() + ": recovered after " + s.get().attempts() + " failed attempt(s) ("
                        + s.get().what() + ")");
            }
        }
        return out;
    }

    private static RuntimeException failed(TaskDocuments docs, TaskRecord task, int retries, Instant start,
                                           Exception e) {
        if (!Failures.isRetriable(e)) {
            return e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
        RetryStatus before = docs.get(task.id(), RetryStatus.SORT_KEY, RetryStatus.class).orElse(null);
        String what = Outages.describe(task.spec(), e);
        RetryStatus now = RetryWindow.afterFailure(before, start, Instant.now(),
                task.spec().optionsOrDefaults().retryOrDefault().windowMinutesOrDefault(), retries, what,
                task.phase().name());
        docs.put(task.id(), RetryStatus.SORT_KEY, now);
        if (now.spent()) {
            String message = now.gaveUp(task.id());
            LOG.warning("task " + task.id() + ": " + message);
            return new RetryWindowSpentException(message, e);
        }
        String line = now.describe(Instant.now());
        LOG.warning("task " + task.id() + ": " + line);
        return new RetriableException(e.getMessage() + " [" + line + "]", e);
    }
}
