package dev.sluice.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.workflow.store.ExecutionRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared helpers for tests that run state machines on a {@link LocalStepFunctions}. */
final class SfnTestSupport {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private SfnTestSupport() {
    }

    static JsonNode json(String s) {
        try {
            return MAPPER.readTree(s);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    /** JSON with single quotes, for readable test literals. */
    static String q(String s) {
        return s.replace('\'', '"');
    }

    /** Creates a state machine from the definition, runs it with the input and waits for the end. */
    static ExecutionRecord run(LocalStepFunctions sfn, String definition, String input) throws InterruptedException {
        String arn = start(sfn, definition, input);
        return sfn.awaitCompletion(arn, Duration.ofSeconds(60));
    }

    static String start(LocalStepFunctions sfn, String definition, String input) {
        String name = "sm-" + COUNTER.incrementAndGet();
        String smArn = sfn.createStateMachine(name, definition, null, null).arn();
        return sfn.startExecution(smArn, null, input).arn();
    }

    static List<ObjectNode> history(LocalStepFunctions sfn, String arn) {
        return sfn.getExecutionHistory(arn, 1000, null, false).items();
    }

    static List<String> eventTypes(LocalStepFunctions sfn, String arn) {
        return history(sfn, arn).stream().map(e -> e.get("type").asText()).toList();
    }
}
