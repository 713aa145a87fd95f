package dev.sluice.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.failure.RetryStatus;
import dev.sluice.failure.RetryWindowSpentException;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.TaskStatus;
import dev.sluice.state.Tasks;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Records why a task failed, keeping its phase so that 'sluice resume' restarts it there (from its checkpoints).
 */
@ApplicationScoped
public class TaskFailFunction {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The error of a Map state one of whose items failed. */
    static final String MAP_ITEM_FAILED = "States.ExceedToleratedFailureThreshold";

    @Inject
    Tasks tasks;
    @Inject
    TaskDocuments documents;

    /** Input of {@code task-fail}: the error a Catch recorded ({@code Error}, {@code Cause}). */
    public static class Input {
        public String taskId;
        public JsonNode error;
    }

    /** Output of {@code task-fail}. */
    public static class Output {
        public String status;
        public String error;
    }

    @Funq("task-fail")
    public Output fail(Input in) {
        TaskRecord t = tasks.require(in.taskId);
        String message = describe(in.error);
        if (in.error != null && MAP_ITEM_FAILED.equals(in.error.path("Error").asText())) {
            // a copy worker's error reaches the workflow only as "1 of N items failed": say what it was when the
            // retry window was spent (the other workers' errors are in the execution history)
            long recent = System.currentTimeMillis() - 15 * 60_000L;
            message = documents.get(in.taskId, RetryStatus.SORT_KEY, RetryStatus.class)
                    .filter(r -> r.spent() && r.lastFailureAt() > recent)
                    .map(r -> RetryWindowSpentException.class.getName() + ": " + r.gaveUp(in.taskId))
                    .orElse(message);
        }
        tasks.setStatus(in.taskId, TaskStatus.FAILED, "in phase " + t.phase() + ": " + message);
        EmbeddedMetrics metrics = EmbeddedMetrics.onLambda();
        if (metrics != null) { // the stack's alarm on failed executions notifies; this one counts per task
            metrics.emit(in.taskId, java.util.List.of(EmbeddedMetrics.Metric.count("TaskFailures", 1)),
                    java.time.Instant.now());
        }
        Output out = new Output();
        out.status = TaskStatus.FAILED.name();
        out.error = message;
        return out;
    }

    /** "error: message", taking the message out of a Lambda-style cause ({@code {"errorMessage": ...}}). */
    static String describe(JsonNode error) {
        if (error == null || error.isNull()) {
            return "unknown error";
        }
        String name = error.path("Error").asText("error");
        String cause = error.path("Cause").asText("");
        try {
            JsonNode c = JSON.readTree(cause);
            if (c != null && c.hasNonNull("errorMessage")) {
                cause = c.get("errorMessage").asText();
            }
        } catch (Exception notJson) {
            // a plain-text cause
        }
        return cause.isEmpty() ? name : name + ": " + cause;
    }
}
