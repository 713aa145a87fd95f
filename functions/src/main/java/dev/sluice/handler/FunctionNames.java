package dev.sluice.handler;

import java.util.Map;

/**
 * Which Funqy function stands behind each {@code ${...}} placeholder of workflow/migration.asl.json. On AWS the SAM
 * template substitutes Lambda ARNs (each Lambda exporting one of these functions); locally the runner substitutes
 * the names themselves and calls the functions in process. WorkflowDefinitionTest keeps the two in step.
 */
public final class FunctionNames {
    public static final Map<String, String> BY_PLACEHOLDER = Map.ofEntries(
            Map.entry("TaskRouteFunctionArn", "task-route"),
            Map.entry("ConnectivityTestFunctionArn", "connectivity-test"),
            Map.entry("PrecheckFunctionArn", "precheck"),
            Map.entry("SchemaCreateFunctionArn", "schema-create"),
            Map.entry("FullCopyPlanFunctionArn", "fullcopy-plan"),
            Map.entry("FullCopyWorkerFunctionArn", "fullcopy-worker"),
            Map.entry("SchemaFinishFunctionArn", "schema-finish"),
            Map.entry("VerifyFunctionArn", "verify"),
            Map.entry("IncrementalFunctionArn", "incremental-slice"),
            Map.entry("TaskCompleteFunctionArn", "task-complete"),
            Map.entry("TaskFailFunctionArn", "task-fail"));

    private FunctionNames() {
    }
}
