package dev.sluice.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** The fixed facts of one execution that the interpreter and the context object need. */
public record ExecutionInfo(String arn, String name, String stateMachineArn, String stateMachineName, String roleArn,
                            JsonNode input, Instant startTime) {
}
