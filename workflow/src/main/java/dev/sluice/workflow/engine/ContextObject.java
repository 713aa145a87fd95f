package dev.sluice.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Builds the `$$` context object (Execution, StateMachine, State, Map.Item) as Step Functions exposes it. */
final class ContextObject {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private ContextObject() {
    }

    static String iso(Instant t) {
        return ISO.format(t);
    }

    static ObjectNode build(ExecutionInfo exec, String stateName, Instant enteredTime, int retryCount) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode e = root.putObject("Execution");
        e.put("Id", exec.arn());
        e.set("Input", exec.input());
        e.put("Name", exec.name());
        e.put("RoleArn", exec.roleArn());
        e.put("StartTime", iso(exec.startTime()));
        e.put("RedriveCount", 0);
        ObjectNode sm = root.putObject("StateMachine");
        sm.put("Id", exec.stateMachineArn());
        sm.put("Name", exec.stateMachineName());
        ObjectNode st = root.putObject("State");
        st.put("Name", stateName);
        st.put("EnteredTime", iso(enteredTime));
        st.put("RetryCount", retryCount);
        return root;
    }

    static ObjectNode withMapItem(ObjectNode ctx, int index, JsonNode value) {
        ObjectNode copy = ctx.deepCopy();
        ObjectNode item = copy.putObject("Map").putObject("Item");
        item.put("Index", index);
        item.set("Value", value);
        return copy;
    }
}
