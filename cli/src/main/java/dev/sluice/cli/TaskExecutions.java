package dev.sluice.cli;

import dev.sluice.local.LocalPlatform;
import dev.sluice.state.TaskDocuments;
import dev.sluice.workflow.store.ExecutionRecord;
import dev.sluice.workflow.store.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The executions of each task on the local runner: its start, every resume and every continue-as-new (named by the
 * runner, so only the input {@code {"taskId": ...}} tells whose they are; it is read once per execution and kept).
 */
final class TaskExecutions {
    private static final String NONE = "";
    private final LocalPlatform platform;
    private final Map<String, String> taskOfExecution = new ConcurrentHashMap<>();

    TaskExecutions(LocalPlatform platform) {
        this.platform = platform;
    }

    /** Every execution of the state machine with its task id, newest first. */
    Map<ExecutionRecord, String> all() {
        Map<ExecutionRecord, String> out = new java.util.LinkedHashMap<>();
        String token = null;
        do {
            Page<ExecutionRecord> page = platform.runner().listExecutions(platform.stateMachineArn(), null, 1000, token);
            for (ExecutionRecord e : page.items()) {
                String task = taskOfExecution.computeIfAbsent(e.arn(), this::readTaskId);
                if (!task.equals(NONE)) {
                    out.put(e, task);
                }
            }
            token = page.nextToken();
        } while (token != null);
        return out;
    }

    /** The executions of one task, newest first. */
    List<ExecutionRecord> of(String taskId) {
        List<ExecutionRecord> out = new ArrayList<>();
        all().forEach((e, t) -> {
            if (t.equals(taskId)) {
                out.add(e);
            }
        });
        return out;
    }

    private String readTaskId(String arn) {
        try {
            String input = platform.runner().describeExecution(arn).input();
            return TaskDocuments.json().readTree(input).path("taskId").asText(NONE);
        } catch (java.io.IOException | RuntimeException e) {
            return NONE;
        }
    }
}
