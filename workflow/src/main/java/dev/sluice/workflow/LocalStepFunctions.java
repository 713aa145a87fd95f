package dev.sluice.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.workflow.api.SfnHttpApi;
import dev.sluice.workflow.asl.AslDefinition;
import dev.sluice.workflow.asl.AslValidationException;
import dev.sluice.workflow.engine.EventLog;
import dev.sluice.workflow.engine.ExecutionControl;
import dev.sluice.workflow.engine.ExecutionInfo;
import dev.sluice.workflow.engine.ExecutionInterrupted;
import dev.sluice.workflow.engine.Interpreter;
import dev.sluice.workflow.engine.InterpreterOptions;
import dev.sluice.workflow.engine.StatesError;
import dev.sluice.workflow.engine.TaskInvoker;
import dev.sluice.workflow.store.DynamoDbExecutionStore;
import dev.sluice.workflow.store.ExecutionRecord;
import dev.sluice.workflow.store.ExecutionStore;
import dev.sluice.workflow.store.FrameRecord;
import dev.sluice.workflow.store.Page;
import dev.sluice.workflow.store.StateMachineRecord;
import dev.sluice.workflow.store.StoreConflictException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local AWS Step Functions service: stores state machines and executions in one DynamoDB table, runs executions
 * with the ASL {@link Interpreter}, resumes RUNNING executions on {@link #start()}, and serves the Step Functions API
 * in-process and over HTTP ({@link #startHttpApi}).
 */
public final class LocalStepFunctions implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalStepFunctions.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_INPUT_BYTES = 256 * 1024;

    /**
     * Settings of the runner.
     *
     * @param region region part of the ARNs ("local")
     * @param account account part of the ARNs ("000000000000")
     * @param interpreter interpreter tuning (time scale, Map thread cap)
     */
    public record Options(String region, String account, InterpreterOptions interpreter) {
        public static Options defaults() {
            return new Options("local", "000000000000", InterpreterOptions.defaults());
        }

        public Options withInterpreter(InterpreterOptions o) {
            return new Options(region, account, o);
        }
    }

    private final ExecutionStore store;
    private final Options options;
    private final Arns arns;
    private final Interpreter interpreter;
    private final ExecutorService executions = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sfn-execution");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sfn-timeouts");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Active> running = new ConcurrentHashMap<>();

    /** An execution running in this process: how to stop it and its event log (one id sequence per execution). */
    private record Active(ExecutionControl control, EventLog log) {
    }
    private volatile boolean closing;
    private SfnHttpApi http;

    public LocalStepFunctions(DynamoDbClient ddb, String table, TaskInvoker invoker, Options options) {
        this(new DynamoDbExecutionStore(ddb, table), invoker, options);
    }

    public LocalStepFunctions(ExecutionStore store, TaskInvoker invoker, Options options) {
        this.store = store;
        this.options = options;
        this.arns = new Arns(options.region(), options.account());
        this.interpreter = new Interpreter(store, invoker, this::startFromTask, options.interpreter());
    }

    /** Creates the table when needed and resumes every RUNNING execution; returns how many were resumed. */
    public int start() {
        store.ensureTable();
        int resumed = 0;
        for (String arn : store.runningExecutions()) {
            Optional<ExecutionRecord> rec = store.execution(arn);
            if (rec.isEmpty() || !rec.get().isRunning() || running.containsKey(arn)) {
                continue;
            }
            Map<String, FrameRecord> frames = store.frames(arn);
            long lastEvent = store.lastEventId(arn);
            LOG.infof("Resuming execution %s (%d continuation(s), last event %d)", arn, frames.size(), lastEvent);
            if (lastEvent == 0) {
                lastEvent = startedEvent(rec.get());
            }
            try {
                launch(rec.get(), store.executionDefinition(arn), frames, lastEvent);
                resumed++;
            } catch (RuntimeException e) {
                LOG.errorf(e, "Cannot resume execution %s; marking it FAILED", arn);
                finish(arn, new EventLog(store, arn, lastEvent), ExecutionRecord.FAILED, null, StatesError.RUNTIME,
                        "The local runner could not resume this execution: " + e.getMessage());
            }
        }
        return resumed;
    }

    /** Serves the Step Functions API (awsJson 1.0) on host:port (0 = any free port); returns the bound port. */
    public synchronized int startHttpApi(String host, int port) throws IOException {
        return startHttpApi(host, port, null);
    }

    /** As {@link #startHttpApi(String, int)}, each request first passing {@code authenticator} (null = none). */
    public synchronized int startHttpApi(String host, int port, com.sun.net.httpserver.Filter authenticator)
            throws IOException {
        if (http != null) {
            throw new IllegalStateException("the HTTP API is already running on port " + http.port());
        }
        http = SfnHttpApi.start(this, host, port, authenticator);
        return http.port();
    }

    /** Stops the HTTP API and the executions of this process (they stay RUNNING in the table and resume on start). */
    @Override
    public void close() {
        closing = true;
        if (http != null) {
            http.stop();
        }
        for (Active a : running.values()) {
            a.control().stop("runner closed");
        }
        executions.shutdownNow();
        timers.shutdownNow();
        interpreter.shutdown();
        try {
            executions.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Arns arns() {
        return arns;
    }

    // ------------------------------------------------------------------ state machines

    public StateMachineRecord createStateMachine(String name, String definition, String roleArn, String type) {
        Arns.checkName(name, "state machine");
        validate(definition);
        if (type != null && !type.equals("STANDARD")) {
            throw new SfnException("ValidationException", "Only STANDARD state machines are supported locally, not " + type);
        }
        Instant now = Instant.now();
        StateMachineRecord rec = new StateMachineRecord(name, arns.stateMachine(name), definition,
                roleArn == null ? "arn:aws:iam::" + options.account() + ":role/local" : roleArn, "STANDARD", now, now, 0);
        if (!store.createStateMachine(rec)) {
            StateMachineRecord existing = store.stateMachine(name).orElseThrow();
            if (existing.definition().equals(definition)) {
                return existing;
            }
            throw new SfnException("StateMachineAlreadyExists", "State Machine Already Exists: '" + existing.arn()
                    + "' (use UpdateStateMachine to change its definition)");
        }
        return store.stateMachine(name).orElse(rec);
    }

    public StateMachineRecord updateStateMachine(String arn, String definition, String roleArn) {
        if (definition == null && roleArn == null) {
            throw new SfnException("MissingRequiredParameter", "Either the definition or the roleArn must be specified");
        }
        if (definition != null) {
            validate(definition);
        }
        while (true) {
            StateMachineRecord cur = describeStateMachine(arn);
            try {
                return store.updateStateMachine(cur.withDefinition(definition == null ? cur.definition() : definition,
                        roleArn, Instant.now()));
            } catch (StoreConflictException e) {
                LOG.debugf("Concurrent update of %s, retrying", arn);
            }
        }
    }

    public StateMachineRecord describeStateMachine(String arn) {
        String name = Arns.stateMachineName(arn);
        return store.stateMachine(name).orElseThrow(() -> new SfnException("StateMachineDoesNotExist",
                "State Machine Does Not Exist: '" + arn + "'"));
    }

    public Page<StateMachineRecord> listStateMachines(int maxResults, String nextToken) {
        return store.listStateMachines(pageSize(maxResults), nextToken);
    }

    private static void validate(String definition) {
        if (definition == null) {
            throw new SfnException("InvalidDefinition", "Invalid State Machine Definition: the definition is missing");
        }
        try {
            AslDefinition.parse(definition);
        } catch (AslValidationException e) {
            throw new SfnException("InvalidDefinition", "Invalid State Machine Definition: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ executions

    /** Starts an execution (name null = a random UUID, input null = "{}"). */
    public ExecutionRecord startExecution(String stateMachineArn, String name, String input) {
        StateMachineRecord sm = describeStateMachine(stateMachineArn);
        String execName = name == null ? UUID.randomUUID().toString() : name;
        Arns.checkName(execName, "execution");
        String in = input == null ? "{}" : input;
        if (in.getBytes(StandardCharsets.UTF_8).length > MAX_INPUT_BYTES) {
            throw new SfnException("InvalidExecutionInput", "Invalid Execution Input: the input is larger than 256 KB");
        }
        JsonNode parsed;
        try {
            parsed = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new SfnException("InvalidExecutionInput", "Invalid Execution Input: not valid JSON: " + e.getOriginalMessage());
        }
        if (parsed == null) {
            throw new SfnException("InvalidExecutionInput", "Invalid Execution Input: the input is empty; pass \"{}\"");
        }
        String arn = arns.execution(sm.name(), execName);
        ExecutionRecord rec = new ExecutionRecord(arn, execName, sm.arn(), ExecutionRecord.RUNNING, in, null, null, null,
                Instant.now(), null, sm.definition(), 0);
        if (!store.createExecution(rec)) {
            ExecutionRecord existing = store.execution(arn).orElseThrow();
            if (existing.isRunning() && sameJson(existing.input(), in)) {
                return existing;
            }
            throw new SfnException("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
        }
        ExecutionRecord stored = store.execution(arn).orElse(rec);
        launch(stored, sm.definition(), Map.of(), startedEvent(stored));
        return stored;
    }

    /** Writes the ExecutionStarted event (id 1) and returns its id. */
    private long startedEvent(ExecutionRecord rec) {
        String roleArn = store.stateMachine(Arns.stateMachineName(rec.stateMachineArn()))
                .map(StateMachineRecord::roleArn).orElse(null);
        ObjectNode d = EventLog.details().put("roleArn", roleArn);
        EventLog.payload(d, "input", rec.input());
        return new EventLog(store, rec.arn(), 0).append(0, "ExecutionStarted", d);
    }

    private static boolean sameJson(String a, String b) {
        try {
            return MAPPER.readTree(a).equals(MAPPER.readTree(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private void launch(ExecutionRecord rec, String definition, Map<String, FrameRecord> frames, long lastEventId) {
        AslDefinition def = AslDefinition.parse(definition);
        String smName = Arns.stateMachineName(rec.stateMachineArn());
        String roleArn = store.stateMachine(smName).map(StateMachineRecord::roleArn).orElse(null);
        ExecutionInfo info = new ExecutionInfo(rec.arn(), rec.name(), rec.stateMachineArn(), smName, roleArn,
                parseStored(rec.input()), rec.startDate());
        ExecutionControl control = new ExecutionControl();
        EventLog log = new EventLog(store, rec.arn(), lastEventId);
        running.put(rec.arn(), new Active(control, log));
        Future<?> f = executions.submit(() -> runExecution(info, def, control, log, frames));
        control.registerExternal(f);
        if (def.timeoutSeconds() != null) {
            long remaining = Duration.between(Instant.now(), rec.startDate().plusSeconds(def.timeoutSeconds())).toMillis();
            timers.schedule(() -> timeOut(rec.arn()), Math.max(0, remaining), TimeUnit.MILLISECONDS);
        }
    }

    private void runExecution(ExecutionInfo info, AslDefinition def, ExecutionControl control, EventLog log,
                              Map<String, FrameRecord> frames) {
        String arn = info.arn();
        try {
            JsonNode out = interpreter.run(info, def, control, log, frames);
            String output = out.toString();
            if (output.getBytes(StandardCharsets.UTF_8).length > EventLog.MAX_PAYLOAD_BYTES) {
                finish(arn, log, ExecutionRecord.FAILED, null, StatesError.DATA_LIMIT_EXCEEDED,
                        "The execution output is larger than 256 KB");
            } else {
                finish(arn, log, ExecutionRecord.SUCCEEDED, output, null, null);
            }
        } catch (StatesError e) {
            finish(arn, log, ExecutionRecord.FAILED, null, e.error(), e.cause());
        } catch (ExecutionInterrupted e) {
            LOG.debugf("Execution %s unwound: %s", arn, e.getMessage());
        } catch (RuntimeException e) {
            if (closing || control.stopped()) {
                LOG.debugf("Execution %s unwound while stopping: %s", arn, e);
            } else {
                LOG.errorf(e, "Execution %s failed inside the runner", arn);
                finish(arn, log, ExecutionRecord.FAILED, null, StatesError.RUNTIME, "Local runner error: " + e);
            }
        } finally {
            running.remove(arn);
        }
    }

    /** Closes an execution if still RUNNING (conditional on its version); returns whether this call closed it. */
    private boolean finish(String arn, EventLog log, String status, String output, String error, String cause) {
        while (true) {
            ExecutionRecord cur = store.execution(arn).orElseThrow();
            if (!cur.isRunning()) {
                return false;
            }
            try {
                store.updateExecution(cur.closed(status, output, error, cause, Instant.now()));
                break;
            } catch (StoreConflictException e) {
                LOG.debugf("Concurrent update of %s, re-reading", arn);
            }
        }
        ObjectNode d = EventLog.details();
        String type;
        switch (status) {
            case ExecutionRecord.SUCCEEDED -> {
                type = "ExecutionSucceeded";
                EventLog.payload(d, "output", output);
            }
            case ExecutionRecord.ABORTED -> type = "ExecutionAborted";
            case ExecutionRecord.TIMED_OUT -> type = "ExecutionTimedOut";
            default -> type = "ExecutionFailed";
        }
        if (error != null) {
            d.put("error", error);
        }
        if (cause != null) {
            d.put("cause", cause);
        }
        log.append(log.lastId(), type, d);
        store.deleteFrames(arn, "");
        return true;
    }

    private void timeOut(String arn) {
        Active a = running.get(arn);
        if (a != null) {
            a.control().stop("execution timed out");
        }
        store.execution(arn).filter(ExecutionRecord::isRunning).ifPresent(rec -> finish(arn, logOf(a, arn),
                ExecutionRecord.TIMED_OUT, null, StatesError.TIMEOUT,
                "The execution ran longer than the state machine's TimeoutSeconds"));
    }

    private EventLog logOf(Active a, String arn) {
        return a != null ? a.log() : new EventLog(store, arn, store.lastEventId(arn));
    }

    /** The definition an execution runs (its snapshot at start), as DescribeStateMachineForExecution answers. */
    public String describeStateMachineForExecution(String arn) {
        describeExecution(arn);
        return store.executionDefinition(arn);
    }

    public ExecutionRecord describeExecution(String arn) {
        Arns.stateMachineOfExecution(arn);
        return store.execution(arn).orElseThrow(() -> new SfnException("ExecutionDoesNotExist",
                "Execution Does Not Exist: '" + arn + "'"));
    }

    /** Aborts a RUNNING execution: running tasks are interrupted, status ABORTED, ExecutionAborted event. */
    public ExecutionRecord stopExecution(String arn, String error, String cause) {
        ExecutionRecord rec = describeExecution(arn);
        if (!rec.isRunning()) {
            return rec;
        }
        Active a = running.get(arn);
        if (a != null) {
            a.control().stop("execution stopped");
        }
        finish(arn, logOf(a, arn), ExecutionRecord.ABORTED, null, error, cause);
        return describeExecution(arn);
    }

    public Page<ObjectNode> getExecutionHistory(String arn, int maxResults, String nextToken, boolean reverseOrder) {
        describeExecution(arn);
        return store.history(arn, pageSize(maxResults), nextToken, reverseOrder);
    }

    public Page<ExecutionRecord> listExecutions(String stateMachineArn, String statusFilter, int maxResults,
                                                String nextToken) {
        describeStateMachine(stateMachineArn);
        if (statusFilter != null && !java.util.List.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED",
                "PENDING_REDRIVE").contains(statusFilter)) {
            throw new SfnException("ValidationException", "statusFilter '" + statusFilter
                    + "' is not one of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE");
        }
        return store.listExecutions(stateMachineArn, statusFilter, pageSize(maxResults), nextToken);
    }

    /** Waits until the execution is no longer RUNNING (polling the store) and returns it. */
    public ExecutionRecord awaitCompletion(String arn, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            ExecutionRecord rec = describeExecution(arn);
            if (!rec.isRunning()) {
                return rec;
            }
            if (System.nanoTime() - until > 0) {
                throw new IllegalStateException("execution " + arn + " still RUNNING after " + timeout);
            }
            Thread.sleep(20);
        }
    }

    private static int pageSize(int maxResults) {
        if (maxResults < 0 || maxResults > 1000) {
            throw new SfnException("ValidationException", "maxResults must be between 0 and 1000, not " + maxResults);
        }
        return maxResults == 0 ? 100 : maxResults;
    }

    /** The arn:aws:states:::states:startExecution integration: starts a child execution. */
    private JsonNode startFromTask(String stateMachineArn, String name, String input, boolean nameGenerated) {
        try {
            ExecutionRecord rec;
            try {
                rec = startExecution(stateMachineArn, name, input);
            } catch (SfnException e) {
                if (!nameGenerated || !"ExecutionAlreadyExists".equals(e.code())) {
                    throw e;
                }
                // The task ran before a restart and already started this child (finished by now): same result.
                rec = describeExecution(arns.execution(Arns.stateMachineName(stateMachineArn), name));
                if (!sameJson(rec.input(), input)) {
                    throw e;
                }
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("ExecutionArn", rec.arn());
            out.put("StartDate", rec.startDate().toEpochMilli());
            return out;
        } catch (SfnException e) {
            throw new StatesError("StepFunctions." + e.code() + "Exception", e.getMessage());
        }
    }

    private static JsonNode parseStored(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored execution input is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
