package dev.sluice.control;

import dev.sluice.connectivity.ConnectivityReport;
import dev.sluice.failure.RetryStatus;
import dev.sluice.fullcopy.CopyProgress;
import dev.sluice.incremental.StateTableReplicationState;
import dev.sluice.precheck.PrecheckReport;
import dev.sluice.schema.SchemaReport;
import dev.sluice.state.ReplicationStatus;
import dev.sluice.state.TaskItem;
import dev.sluice.state.TableReload;
import dev.sluice.objects.Resnapshot;
import dev.sluice.objects.TableReloads;
import dev.sluice.objects.TaskObjects;
import dev.sluice.table.TableRef;
import dev.sluice.cutover.CutoverRecord;
import dev.sluice.verification.TableReport;
import dev.sluice.verification.VerifyProgress;
import dev.sluice.state.Phase;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.state.TaskStatus;
import dev.sluice.state.Tasks;
import dev.sluice.task.TaskSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Starts, resumes, stops and describes migration tasks through the Step Functions API ({@link SfnClient}) and the
 * state table: the same code path against the local runner and against AWS.
 */
public class TaskControl {
    private final StateTable table;
    private final Tasks tasks;
    private final TaskDocuments documents;
    private final SfnClient sfn;
    private final String stateMachineArn;

    public TaskControl(StateTable table, SfnClient sfn, String stateMachineArn) {
        this.table = table;
        this.tasks = new Tasks(table);
        this.documents = new TaskDocuments(table);
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    public Tasks tasks() {
        return tasks;
    }

    public TaskDocuments documents() {
        return documents;
    }

    /** Stores the task and starts its first execution. */
    public TaskRecord start(TaskSpec spec) {
        TaskRecord t = tasks.create(spec);
        return startExecution(t.id());
    }

    /**
     * Starts a new execution of a failed or stopped task; the persisted phase sends it back to where it was, and
     * each phase continues from its checkpoints (chunk ledger, binlog checkpoint).
     */
    public TaskRecord resume(String taskId) {
        TaskRecord t = tasks.require(taskId);
        if (executionStatus(t).map(s -> s == ExecutionStatus.RUNNING).orElse(false)) {
            throw new IllegalStateException("task " + taskId + " is running (execution " + t.executionArn()
                    + "); nothing to resume — watch it with 'sluice status " + taskId + "'");
        }
        if (t.status() == TaskStatus.CUT_OVER) {
            throw new IllegalStateException("task " + taskId + " was cut over at " + t.cutOverAt() + "; the "
                    + "application writes to the destination now. Start a new task to migrate again");
        }
        if (t.phase() == Phase.DONE && t.status() == TaskStatus.SUCCEEDED) {
            throw new IllegalStateException("task " + taskId + " has finished; start a new task to migrate again");
        }
        tasks.clearStop(taskId);
        return startExecution(taskId);
    }

    /**
     * Asks a task to stop. In the binlog phase the replication slice ends at a transaction boundary and the
     * execution completes as STOPPED; in earlier phases the execution is stopped at once and 'sluice resume'
     * continues from the checkpoints.
     */
    public TaskRecord stop(String taskId) {
        TaskRecord t = tasks.require(taskId);
        if (t.status().isFinal()) {
            return t;
        }
        t = tasks.requestStop(taskId);
        boolean running = executionStatus(t).map(s -> s == ExecutionStatus.RUNNING).orElse(false);
        if (t.phase() != Phase.INCREMENTAL || !running) {
            if (running) {
                sfn.stopExecution(r -> r.executionArn(tasks.require(taskId).executionArn())
                        .error("Sluice.Stopped").cause("stopped by the user in phase " + tasks.require(taskId).phase()));
            }
            t = tasks.setStatus(taskId, TaskStatus.STOPPED, null);
        } else {
            t = tasks.setStatus(taskId, TaskStatus.STOPPING, null);
        }
        return t;
    }

    /**
     * Copies one table of a replicating task again while the others keep replicating (ADR 0092); the task's next
     * replication slice starts it, 'sluice status' follows it.
     */
    public TableReload reload(String taskId, String dbTable) {
        return new TableReloads(table).request(taskId, dbTable, "sluice reload");
    }

    /**
     * Recovers a task that failed because the binlog it needed was purged (ADR 0093): replication restarts at the
     * source's current position, every selected table is copied again with its own hand-off, and a new execution
     * starts. Returns the tables to be copied again.
     */
    public List<TableRef> resnapshot(String taskId) {
        TaskRecord t = tasks.require(taskId);
        if (executionStatus(t).map(s -> s == ExecutionStatus.RUNNING).orElse(false)) {
            throw new IllegalStateException("task " + taskId + " is running; 'sluice stop " + taskId + " --wait' "
                    + "first (or set options.on_binlog_purged: resnapshot to recover without stopping)");
        }
        List<TableRef> tables = new Resnapshot(new TableReloads(table)).run(taskId, "sluice resnapshot");
        resume(taskId);
        return tables;
    }

    /** Adds a source table to a replicating task: created, copied with its own hand-off, replicated (ADR 0092). */
    public TableReload addTable(String taskId, String dbTable) {
        return new TaskObjects(new TableReloads(table)).add(taskId, dbTable);
    }

    /** Removes a source table from a task: replication of it stops; the destination table stays. */
    public String removeTable(String taskId, String dbTable) {
        return new TaskObjects(new TableReloads(table)).remove(taskId, dbTable);
    }

    public List<TaskRecord> list() {
        return tasks.list();
    }

    /** Everything 'sluice status' shows: task, execution, current state, and the documents phases wrote. */
    public TaskView status(String taskId) {
        TaskRecord t = tasks.require(taskId);
        Optional<DescribeExecutionResponse> exec = describe(t);
        String currentState = exec.filter(e -> e.status() == ExecutionStatus.RUNNING).map(e -> currentState(e.executionArn()))
                .orElse(null);
        CopyProgress copy = CopyProgress.read(table, documents, taskId);
        return new TaskView(t,
                exec.map(e -> e.statusAsString()).orElse(null),
                currentState,
                documents.get(taskId, ConnectivityReport.SORT_KEY).map(n -> n.path("summary").asText(null)).orElse(null),
                documents.get(taskId, PrecheckReport.SORT_KEY, PrecheckReport.class).orElse(null),
                documents.list(taskId, TaskItem.SCHEMA_REPORT.prefix()).stream()
                        .map(n -> TaskDocuments.json().convertValue(n, SchemaReport.class)).toList(),
                copy.tables().isEmpty() ? null : copy,
                StateTableReplicationState.status(documents, taskId).orElse(null),
                documents.list(taskId, TaskItem.VERIFY.prefix()).stream()
                        .map(n -> TaskDocuments.json().convertValue(n, TableReport.class)).toList(),
                VerifyProgress.read(documents, taskId).orElse(null),
                CutoverRecord.read(documents, taskId).orElse(null),
                retrying(t),
                TableReload.all(documents, taskId));
    }

    /** The retry line while the task's workflow retries a failure ({@link RetryStatus}), else null. */
    private String retrying(TaskRecord t) {
        if (t.status() != TaskStatus.RUNNING) {
            return null;
        }
        Instant now = Instant.now();
        return documents.get(t.id(), RetryStatus.SORT_KEY, RetryStatus.class).filter(r -> r.showing(now))
                .map(r -> r.describe(now)).orElse(null);
    }

    private TaskRecord startExecution(String taskId) {
        String name = taskId + "-" + System.currentTimeMillis() / 1000;
        String arn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(name)
                .input("{\"taskId\":\"" + taskId + "\"}")).executionArn();
        return tasks.setExecution(taskId, arn);
    }

    private Optional<DescribeExecutionResponse> describe(TaskRecord t) {
        if (t.executionArn() == null) {
            return Optional.empty();
        }
        return Optional.of(sfn.describeExecution(r -> r.executionArn(t.executionArn())));
    }

    private Optional<ExecutionStatus> executionStatus(TaskRecord t) {
        return describe(t).map(DescribeExecutionResponse::status);
    }

    /** The state the execution entered last (from its newest history events). */
    private String currentState(String executionArn) {
        for (HistoryEvent e : sfn.getExecutionHistory(r -> r.executionArn(executionArn).reverseOrder(true)
                .maxResults(50)).events()) {
            if (e.stateEnteredEventDetails() != null) {
                return e.stateEnteredEventDetails().name();
            }
        }
        return null;
    }

    /** A snapshot of a task for 'status', the API and the console. */
    public record TaskView(TaskRecord task, String executionStatus, String currentState, String connectivity,
                           PrecheckReport precheck, List<SchemaReport> schema, CopyProgress copy,
                           ReplicationStatus replication, List<TableReport> verification,
                           VerifyProgress.Snapshot verifyRun, CutoverRecord cutover, String retrying,
                           List<TableReload> reloads) {
        public TaskView(TaskRecord task, String executionStatus, String currentState, String connectivity,
                        PrecheckReport precheck, List<SchemaReport> schema, CopyProgress copy,
                        ReplicationStatus replication, List<TableReport> verification,
                        VerifyProgress.Snapshot verifyRun, CutoverRecord cutover) {
            this(task, executionStatus, currentState, connectivity, precheck, schema, copy, replication,
                    verification, verifyRun, cutover, null, List.of());
        }
    }
}
