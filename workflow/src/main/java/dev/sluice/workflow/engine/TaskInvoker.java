package dev.sluice.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** Runs a function (the local stand-in for a Lambda function) for a Task state. */
@FunctionalInterface
public interface TaskInvoker {
    /**
     * Invokes the function with the payload and returns its output. Throw {@link FunctionError} for a handled error
     * (errorType/errorMessage as Lambda reports them); any other exception becomes an error named after its class.
     * Implementations should react to thread interruption: the runner interrupts a task on timeout or StopExecution.
     */
    JsonNode invoke(String functionName, JsonNode payload, InvocationContext context) throws FunctionError;
}
