package dev.sluice.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.handler.Functions;
import dev.sluice.local.InProcessInvoker;
import dev.sluice.local.LocalPlatform;
import dev.sluice.state.StateBackend;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.Tasks;
import dev.sluice.task.TaskSpec;
import dev.sluice.workflow.LocalStepFunctions;
import dev.sluice.workflow.engine.InvocationContext;
import dev.sluice.workflow.engine.TaskInvoker;
import dev.sluice.workflow.store.ExecutionRecord;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * The product's workflow in-process, as 'sluice serve' runs it: workflow/migration.asl.json on the local Step
 * Functions runner (Retry/Catch/Map as written), the Funqy functions called in-process, a table of its own in the
 * test JVM's embedded state store. {@code beforeCall} sees every function call first (the fault suite injects its
 * faults there).
 */
public final class WorkflowRig implements AutoCloseable {
    public final StateTable table;
    public final Tasks tasks;
    public final TaskDocuments docs;
    public final LocalStepFunctions runner;
    private final String smArn;

    public WorkflowRig(BiConsumer<String, JsonNode> beforeCall) {
        table = StateBackend.EMBEDDED.newTable();
        tasks = new Tasks(table);
        docs = new TaskDocuments(table);
        TaskInvoker functions = new InProcessInvoker(Functions.catalog(table, 0));
        TaskInvoker invoker = (String fn, JsonNode payload, InvocationContext ctx) -> {
            beforeCall.accept(fn, payload);
            return functions.invoke(fn, payload, ctx);
        };
        runner = new LocalStepFunctions(table.client(), table.tableName(), invoker,
                LocalStepFunctions.Options.defaults());
        runner.start();
        smArn = runner.createStateMachine(LocalPlatform.STATE_MACHINE, LocalPlatform.definition(), null,
                "STANDARD").arn();
    }

    /** Creates the task and starts its execution; returns the task. */
    public TaskRecord start(TaskSpec spec) {
        TaskRecord t = tasks.create(spec);
        String arn = runner.startExecution(smArn, t.id() + "-1", "{\"taskId\":\"" + t.id() + "\"}").arn();
        return tasks.setExecution(t.id(), arn);
    }

    /** 'sluice resume': a new execution, which the persisted phase sends back where the task failed. */
    public String resume(String taskId, int n) {
        String arn = runner.startExecution(smArn, taskId + "-" + n, "{\"taskId\":\"" + taskId + "\"}").arn();
        tasks.setExecution(taskId, arn);
        return arn;
    }

    public ExecutionRecord await(String executionArn, Duration timeout) throws InterruptedException {
        return runner.awaitCompletion(executionArn, timeout);
    }

    @Override
    public void close() {
        runner.close();
        table.client().close();
    }
}
