package dev.sluice.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** Starts a new execution for the arn:aws:states:::states:startExecution task integration. */
@FunctionalInterface
public interface ExecutionStarter {
    /**
     * Starts it and returns {"ExecutionArn": ..., "StartDate": ...}; throws StatesError on failure.
     *
     * @param nameGenerated true when the state gave no Name and the runner derived a stable one from the task's
     *     position, so a task re-run after a restart finds the child it already started instead of starting another
     */
    JsonNode startExecution(String stateMachineArn, String name, String input, boolean nameGenerated);
}
