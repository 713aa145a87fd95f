package dev.sluice.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.workflow.engine.FunctionError;
import dev.sluice.workflow.engine.InvocationContext;
import dev.sluice.workflow.engine.TaskInvoker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test invoker: functions registered by name as lambdas. */
final class TestFunctions implements TaskInvoker {
    /** A test function body. */
    interface Fn {
        JsonNode apply(JsonNode payload, InvocationContext ctx) throws Exception;
    }

    private final Map<String, Fn> fns = new ConcurrentHashMap<>();

    TestFunctions register(String name, Fn fn) {
        fns.put(name, fn);
        return this;
    }

    @Override
    public JsonNode invoke(String functionName, JsonNode payload, InvocationContext context) throws FunctionError {
        Fn fn = fns.get(functionName);
        if (fn == null) {
            throw new FunctionError("Lambda.ResourceNotFoundException", "Function not found: " + functionName);
        }
        try {
            return fn.apply(payload, context);
        } catch (FunctionError | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
