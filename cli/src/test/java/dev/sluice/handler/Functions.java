package dev.sluice.handler;

import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.Tasks;

/** The eleven Funqy functions wired to one state table without a CDI container, for in-process tests. */
public final class Functions {
    private Functions() {
    }

    /** Every function of the workflow, on {@code table}; finished tasks expire after {@code ttlDays} (0 = never). */
    public static FunctionCatalog catalog(StateTable table, int ttlDays) {
        Tasks tasks = new Tasks(table);
        TaskDocuments docs = new TaskDocuments(table);
        var route = new TaskRouteFunction();
        route.tasks = tasks;
        var conn = new ConnectivityTestFunction();
        conn.tasks = tasks;
        conn.documents = docs;
        var pre = new PrecheckFunction();
        pre.tasks = tasks;
        pre.documents = docs;
        var create = new SchemaCreateFunction();
        create.tasks = tasks;
        create.documents = docs;
        var plan = new FullCopyPlanFunction();
        plan.tasks = tasks;
        plan.documents = docs;
        plan.table = table;
        var worker = new FullCopyWorkerFunction();
        worker.tasks = tasks;
        worker.documents = docs;
        worker.table = table;
        var finish = new SchemaFinishFunction();
        finish.tasks = tasks;
        finish.documents = docs;
        var verify = new VerifyFunction();
        verify.tasks = tasks;
        verify.documents = docs;
        verify.table = table;
        var inc = new IncrementalFunction();
        inc.tasks = tasks;
        inc.documents = docs;
        inc.table = table;
        var complete = new TaskCompleteFunction();
        complete.tasks = tasks;
        complete.table = table;
        complete.finishedTaskTtlDays = ttlDays;
        var fail = new TaskFailFunction();
        fail.tasks = tasks;
        fail.documents = docs;
        return FunctionCatalog.of(route, conn, pre, create, plan, worker, finish, verify, inc, complete, fail);
    }
}
