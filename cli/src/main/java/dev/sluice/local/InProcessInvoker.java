package dev.sluice.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.handler.FunctionCatalog;
import dev.sluice.handler.InvocationBudget;
import dev.sluice.workflow.engine.FunctionError;
import dev.sluice.workflow.engine.InvocationContext;
import dev.sluice.workflow.engine.TaskInvoker;
import org.jboss.logging.Logger;

/**
 * Runs a Task state's "Lambda" as an in-process call of the Funqy function of that name; a thrown exception
 * becomes a Lambda-style error (errorType = its class name), exactly what the Lambda entry point reports on AWS.
 */
public final class InProcessInvoker implements TaskInvoker {
    private static final Logger LOG = Logger.getLogger(InProcessInvoker.class);
    private final FunctionCatalog catalog;

    public InProcessInvoker(FunctionCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public JsonNode invoke(String functionName, JsonNode payload, InvocationContext context) throws FunctionError {
        InvocationBudget.begin(context.remainingTimeMillis());
        try {
            return catalog.invoke(functionName, payload);
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warnf("function %s failed in state %s: %s", functionName, context.stateName(), message);
            LOG.debug("function failure", e);
            throw new FunctionError(e.getClass().getName(), message, e);
        } finally {
            InvocationBudget.end();
        }
    }
}
