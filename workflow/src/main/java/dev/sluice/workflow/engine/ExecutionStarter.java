package dev.sluice.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** Starts a new execution for the arn:aws:states:::states:startExecution task integration. */
@FunctionalInterface
public interface ExecutionStarter {
    /** Starts it and returns {"ExecutionArn": ..., "StartDate": ...}; throws StatesError on failure. */
    JsonNode startExecution(String stateMachineArn, String name, String input);
}
