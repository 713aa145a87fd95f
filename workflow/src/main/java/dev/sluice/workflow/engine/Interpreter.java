package dev.sluice.workflow.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.workflow.asl.AslDefinition;
import dev.sluice.workflow.asl.Branch;
import dev.sluice.workflow.asl.Catcher;
import dev.sluice.workflow.asl.ChoiceRule;
import dev.sluice.workflow.asl.Retrier;
import dev.sluice.workflow.asl.State;
import dev.sluice.workflow.asl.TaskResource;
import dev.sluice.workflow.path.JsonPaths;
import dev.sluice.workflow.path.PayloadTemplate;
import dev.sluice.workflow.store.ExecutionStore;
import dev.sluice.workflow.store.FrameRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Executes ASL states: input/output processing, Task invocation with timeouts and heartbeats, Retry/Catch, Choice,
 * Wait, Pass, Succeed, Fail, Parallel and Map. Every state transition of every thread of control (frame) is written
 * to the store first, so a restarted runner can continue each frame from its last completed state.
 */
public final class Interpreter {
    private static final Logger LOG = Logger.getLogger(Interpreter.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ExecutionStore store;
    private final TaskInvoker invoker;
    private final ExecutionStarter starter;
    private final InterpreterOptions options;
    private final ExecutorService taskPool = Executors.newCachedThreadPool(daemon("sfn-task"));
    private final ExecutorService branchPool = Executors.newCachedThreadPool(daemon("sfn-branch"));

    public Interpreter(ExecutionStore store, TaskInvoker invoker, ExecutionStarter starter, InterpreterOptions options) {
        this.store = store;
        this.invoker = invoker;
        this.starter = starter;
        this.options = options;
    }

    /** Stops the interpreter's thread pools (running tasks are interrupted). */
    public void shutdown() {
        taskPool.shutdownNow();
        branchPool.shutdownNow();
    }

    static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Everything one execution run needs. */
    private record Run(ExecutionInfo info, ExecutionControl control, EventLog log, Map<String, FrameRecord> resume) {
    }

    /**
     * Runs an execution to its end (or resumes it from the given continuations) and returns its output.
     *
     * @throws StatesError when the execution fails
     * @throws ExecutionInterrupted when it was stopped
     */
    public JsonNode run(ExecutionInfo info, AslDefinition definition, ExecutionControl control, EventLog log,
                        Map<String, FrameRecord> resume) {
        Run run = new Run(info, control, log, resume);
        FrameRecord root = resume.get("r");
        if (root != null && FrameRecord.RUNNING.equals(root.status())) {
            Frame f = new Frame("r", root.version(), log.lastId());
            LOG.infof("Resuming execution %s at state '%s'", info.arn(), root.state());
            return runFrame(run, f, definition.top(), root.state(), parse(root.input()), root.step(), root.enteredTime());
        }
        Frame f = new Frame("r", root == null ? 0 : root.version(), log.lastId());
        return runFrame(run, f, definition.top(), definition.startAt(), info.input(), 1, Instant.now());
    }

    private JsonNode runFrame(Run run, Frame f, Branch branch, String start, JsonNode input, long firstStep,
                              Instant firstEntered) {
        String current = start;
        JsonNode in = input;
        Instant entered = firstEntered;
        long step = firstStep;
        String cleanup = null;
        while (true) {
            run.control().check();
            f.step = step;
            saveFrame(run, f, FrameRecord.RUNNING, current, in, entered, null, null, null);
            if (cleanup != null) {
                store.deleteFrames(run.info().arn(), cleanup);
                cleanup = null;
            }
            State st = branch.state(current);
            Transition t = execute(run, f, st, in, entered);
            cleanup = t.cleanupPrefix();
            if (t.next() == null) {
                return t.output();
            }
            current = t.next();
            in = t.output();
            entered = Instant.now();
            step++;
        }
    }

    private void saveFrame(Run run, Frame f, String status, String state, JsonNode input, Instant entered,
                           JsonNode output, String error, String cause) {
        FrameRecord rec = new FrameRecord(f.id, status, state, input == null ? null : input.toString(), f.step, entered,
                output == null ? null : output.toString(), error, cause, f.version);
        f.version = store.saveFrame(run.info().arn(), rec).version();
    }

    private Transition execute(Run run, Frame f, State st, JsonNode raw, Instant entered) {
        ObjectNode d = EventLog.details().put("name", st.name());
        EventLog.payload(d, "input", raw.toString());
        run.log().append(f, st.type().name() + "StateEntered", d);
        switch (st.type()) {
            case Pass: {
                ObjectNode ctx = ContextObject.build(run.info(), st.name(), entered, 0);
                JsonNode eff = inputPath(st, raw, ctx);
                if (st.parameters() != null) {
                    eff = PayloadTemplate.apply(st.parameters(), eff, ctx);
                }
                JsonNode result = st.result() != null ? st.result() : eff;
                return exit(run, f, st, outputPath(st, JsonPaths.applyResultPath(st.resultPath(), raw, result)));
            }
            case Succeed: {
                ObjectNode ctx = ContextObject.build(run.info(), st.name(), entered, 0);
                return exit(run, f, st, outputPath(st, inputPath(st, raw, ctx)));
            }
            case Fail: {
                ObjectNode ctx = ContextObject.build(run.info(), st.name(), entered, 0);
                String error = st.error() != null ? st.error()
                        : st.errorPath() != null ? text(PayloadTemplate.resolve(st.errorPath(), raw, ctx)) : null;
                String cause = st.cause() != null ? st.cause()
                        : st.causePath() != null ? text(PayloadTemplate.resolve(st.causePath(), raw, ctx)) : null;
                throw new StatesError(error == null ? "States.Fail" : error, cause);
            }
            case Choice: {
                ObjectNode ctx = ContextObject.build(run.info(), st.name(), entered, 0);
                JsonNode eff = inputPath(st, raw, ctx);
                String next = st.defaultNext();
                for (ChoiceRule rule : st.choices()) {
                    if (rule.matches(eff, ctx)) {
                        next = rule.next();
                        break;
                    }
                }
                if (next == null) {
                    throw new StatesError(StatesError.NO_CHOICE_MATCHED, "No Matches!");
                }
                JsonNode out = outputPath(st, eff);
                exited(run, f, st, out);
                return new Transition(next, out, null);
            }
            case Wait: {
                ObjectNode ctx = ContextObject.build(run.info(), st.name(), entered, 0);
                JsonNode eff = inputPath(st, raw, ctx);
                Instant until = waitUntil(st, eff, ctx, entered);
                long ms = Duration.between(entered, until).toMillis();
                sleepUntil(run, entered.plusMillis((long) (Math.max(0, ms) * options.timeScale())));
                return exit(run, f, st, outputPath(st, eff));
            }
            case Task:
            case Map:
            case Parallel:
                return withRetryAndCatch(run, f, st, raw, entered);
            default:
                throw new IllegalStateException("unhandled state type " + st.type());
        }
    }

    private Transition exit(Run run, Frame f, State st, JsonNode out) {
        checkSize(st, out);
        exited(run, f, st, out);
        return new Transition(st.end() || st.next() == null ? null : st.next(), out, null);
    }

    private void exited(Run run, Frame f, State st, JsonNode out) {
        ObjectNode d = EventLog.details().put("name", st.name());
        EventLog.payload(d, "output", out.toString());
        run.log().append(f, st.type().name() + "StateExited", d);
    }

    private Transition withRetryAndCatch(Run run, Frame f, State st, JsonNode raw, Instant entered) {
        int[] counts = new int[st.retry().size()];
        int attempt = 0;
        String cleanup = f.id + "/" + f.step + ".";
        while (true) {
            run.control().check();
            try {
                JsonNode out = switch (st.type()) {
                    case Task -> task(run, f, st, raw, entered, attempt);
                    case Map -> map(run, f, st, raw, entered, attempt);
                    default -> parallel(run, f, st, raw, entered, attempt);
                };
                checkSize(st, out);
                exited(run, f, st, out);
                return new Transition(st.end() ? null : st.next(), out, st.type() == dev.sluice.workflow.asl.StateType.Task ? null : cleanup);
            } catch (StatesError e) {
                if (e.isTerminal()) {
                    throw e;
                }
                int ri = matchingRetrier(st, e);
                if (ri >= 0 && counts[ri] < st.retry().get(ri).maxAttempts()) {
                    counts[ri]++;
                    attempt++;
                    Retrier r = st.retry().get(ri);
                    double delay = r.delaySeconds(counts[ri]);
                    if (r.fullJitter()) {
                        delay = ThreadLocalRandom.current().nextDouble() * delay;
                    }
                    LOG.debugf("State '%s' failed with %s; retry %d of %d in %.3fs", st.name(), e.error(), counts[ri],
                            r.maxAttempts(), delay);
                    sleepUntil(run, Instant.now().plusMillis((long) (delay * 1000 * options.timeScale())));
                    continue;
                }
                for (Catcher c : st.catchers()) {
                    if (matches(c.errorEquals(), e)) {
                        ObjectNode err = F.objectNode().put("Error", e.error());
                        if (e.cause() != null) {
                            err.put("Cause", e.cause());
                        }
                        JsonNode out = JsonPaths.applyResultPath(c.resultPath(), raw, err);
                        checkSize(st, out);
                        exited(run, f, st, out);
                        return new Transition(c.next(), out, st.type() == dev.sluice.workflow.asl.StateType.Task ? null : cleanup);
                    }
                }
                throw e;
            }
        }
    }

    private static int matchingRetrier(State st, StatesError e) {
        for (int i = 0; i < st.retry().size(); i++) {
            if (matches(st.retry().get(i).errorEquals(), e)) {
                return i;
            }
        }
        return -1;
    }

    /** ASL error matching: exact names, States.ALL (not DataLimitExceeded/Runtime), States.TaskFailed (not Timeout). */
    static boolean matches(List<String> errorEquals, StatesError e) {
        if (errorEquals.contains(e.error())) {
            return true;
        }
        boolean terminal = e.isTerminal() || StatesError.DATA_LIMIT_EXCEEDED.equals(e.error());
        if (errorEquals.contains(StatesError.ALL) && !terminal) {
            return true;
        }
        return errorEquals.contains(StatesError.TASK_FAILED) && !terminal && !StatesError.TIMEOUT.equals(e.error());
    }

    // ---------------------------------------------------------------- Task

    private JsonNode task(Run run, Frame f, State st, JsonNode raw, Instant entered, int attempt) {
        ObjectNode ctx = ContextObject.build(run.info(), st.name(), entered, attempt);
        JsonNode eff = inputPath(st, raw, ctx);
        JsonNode params = st.parameters() != null ? PayloadTemplate.apply(st.parameters(), eff, ctx) : eff;
        Integer timeout = st.timeoutSeconds() != null ? st.timeoutSeconds()
                : st.timeoutSecondsPath() != null ? positiveInt(st, "TimeoutSecondsPath", JsonPaths.read(st.timeoutSecondsPath(), eff, ctx)) : null;
        Integer heartbeat = st.heartbeatSeconds() != null ? st.heartbeatSeconds()
                : st.heartbeatSecondsPath() != null ? positiveInt(st, "HeartbeatSecondsPath", JsonPaths.read(st.heartbeatSecondsPath(), eff, ctx)) : null;
        TaskResource res = st.resource();
        ObjectNode sched = EventLog.details().put("resourceType", res.historyType()).put("resource", res.historyResource())
                .put("region", "local").put("parameters", params.toString());
        if (timeout != null) {
            sched.put("timeoutInSeconds", timeout);
        }
        if (heartbeat != null) {
            sched.put("heartbeatInSeconds", heartbeat);
        }
        run.log().append(f, "TaskScheduled", sched);
        run.log().append(f, "TaskStarted", EventLog.details().put("resourceType", res.historyType())
                .put("resource", res.historyResource()));
        JsonNode result;
        try {
            result = switch (res.kind()) {
                case LAMBDA_INVOKE -> {
                    JsonNode fn = params.get("FunctionName");
                    if (fn == null || !fn.isTextual()) {
                        throw new StatesError(StatesError.RUNTIME, "State '" + st.name()
                                + "': Parameters.FunctionName must resolve to a string, got " + fn);
                    }
                    JsonNode payload = params.has("Payload") ? params.get("Payload") : F.objectNode();
                    JsonNode out = invoke(run, st, TaskResource.functionName(fn.asText()), payload, timeout, heartbeat);
                    ObjectNode r = F.objectNode();
                    r.put("ExecutedVersion", "$LATEST");
                    r.set("Payload", out);
                    r.put("StatusCode", 200);
                    yield r;
                }
                case LAMBDA_FUNCTION -> invoke(run, st, res.directFunctionName(), params, timeout, heartbeat);
                case START_EXECUTION -> {
                    JsonNode sm = params.get("StateMachineArn");
                    JsonNode in = params.get("Input");
                    JsonNode name = params.get("Name");
                    String input = in == null || in.isNull() ? "{}" : in.isTextual() ? in.asText() : in.toString();
                    if (sm == null || !sm.isTextual()) {
                        throw new StatesError(StatesError.RUNTIME, "State '" + st.name()
                                + "': Parameters.StateMachineArn must resolve to a string, got " + sm);
                    }
                    boolean generated = name == null || name.isNull();
                    String execName = generated
                            ? UUID.nameUUIDFromBytes((run.info().arn() + "|" + f.id + "|" + f.step + "|" + attempt)
                                    .getBytes(StandardCharsets.UTF_8)).toString()
                            : name.asText();
                    yield starter.startExecution(sm.asText(), execName, input, generated);
                }
            };
        } catch (StatesError e) {
            ObjectNode fd = EventLog.details().put("resourceType", res.historyType()).put("resource", res.historyResource())
                    .put("error", e.error());
            if (e.cause() != null) {
                fd.put("cause", e.cause());
            }
            boolean timedOut = StatesError.TIMEOUT.equals(e.error()) || StatesError.HEARTBEAT_TIMEOUT.equals(e.error());
            run.log().append(f, timedOut ? "TaskTimedOut" : "TaskFailed", fd);
            throw e;
        }
        ObjectNode sd = EventLog.details().put("resourceType", res.historyType()).put("resource", res.historyResource());
        EventLog.payload(sd, "output", result.toString());
        run.log().append(f, "TaskSucceeded", sd);
        if (st.resultSelector() != null) {
            result = PayloadTemplate.apply(st.resultSelector(), result, ctx);
        }
        return outputPath(st, JsonPaths.applyResultPath(st.resultPath(), raw, result));
    }

    private JsonNode invoke(Run run, State st, String function, JsonNode payload, Integer timeoutSeconds,
                            Integer heartbeatSeconds) {
        long start = System.nanoTime();
        long deadline = timeoutSeconds == null ? Long.MAX_VALUE : start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        AtomicLong lastBeat = new AtomicLong(start);
        InvocationContext ictx = new InvocationContext(run.info().arn(), st.name(), deadline,
                () -> lastBeat.set(System.nanoTime()));
        Future<JsonNode> fut = taskPool.submit(() -> invoker.invoke(function, payload, ictx));
        run.control().register(fut);
        try {
            while (true) {
                long now = System.nanoTime();
                long until = deadline;
                if (heartbeatSeconds != null) {
                    until = Math.min(until, lastBeat.get() + TimeUnit.SECONDS.toNanos(heartbeatSeconds));
                }
                try {
                    if (until == Long.MAX_VALUE) {
                        return fut.get();
                    }
                    return fut.get(Math.max(0, until - now), TimeUnit.NANOSECONDS);
                } catch (TimeoutException te) {
                    long t = System.nanoTime();
                    if (t - deadline >= 0 && deadline != Long.MAX_VALUE) {
                        fut.cancel(true);
                        throw new StatesError(StatesError.TIMEOUT, "Task '" + st.name() + "' (function " + function
                                + ") did not finish within TimeoutSeconds " + timeoutSeconds);
                    }
                    if (heartbeatSeconds != null && t - (lastBeat.get() + TimeUnit.SECONDS.toNanos(heartbeatSeconds)) >= 0) {
                        fut.cancel(true);
                        throw new StatesError(StatesError.HEARTBEAT_TIMEOUT, "Task '" + st.name() + "' (function "
                                + function + ") sent no heartbeat for " + heartbeatSeconds + " s");
                    }
                }
            }
        } catch (InterruptedException | CancellationException e) {
            fut.cancel(true);
            Thread.currentThread().interrupt();
            throw new ExecutionInterrupted("task '" + st.name() + "' abandoned: execution stopped");
        } catch (ExecutionException e) {
            throw functionFailure(e.getCause());
        } finally {
            run.control().unregister(fut);
        }
    }

    /** Maps a function failure to an error as the AWS Lambda Java runtime reports it. */
    static StatesError functionFailure(Throwable t) {
        if (t instanceof StatesError se) {
            return se;
        }
        String type;
        String message;
        if (t instanceof FunctionError fe) {
            type = fe.errorType();
            message = fe.errorMessage();
        } else {
            type = t.getClass().getName();
            message = t.getMessage();
        }
        ObjectNode cause = F.objectNode();
        cause.put("errorMessage", message);
        cause.put("errorType", type);
        return new StatesError(type, cause.toString());
    }

    // ---------------------------------------------------------------- Map and Parallel

    private JsonNode map(Run run, Frame f, State st, JsonNode raw, Instant entered, int attempt) {
        ObjectNode ctx = ContextObject.build(run.info(), st.name(), entered, attempt);
        JsonNode eff = inputPath(st, raw, ctx);
        JsonNode items = JsonPaths.read(st.itemsPath(), eff, ctx);
        if (!items.isArray()) {
            throw new StatesError(StatesError.RUNTIME, "State '" + st.name() + "': ItemsPath '" + st.itemsPath()
                    + "' must select a JSON array, got " + items.getNodeType());
        }
        int n = items.size();
        int max = st.maxConcurrency() != null ? st.maxConcurrency()
                : st.maxConcurrencyPath() != null ? nonNegativeInt(st, "MaxConcurrencyPath", JsonPaths.read(st.maxConcurrencyPath(), eff, ctx)) : 0;
        int threads = Math.max(1, Math.min(max == 0 ? options.maxMapConcurrency() : Math.min(max, options.maxMapConcurrency()), n));
        run.log().append(f, "MapStateStarted", EventLog.details().put("length", n));
        String prefix = f.id + "/" + f.step + "." + attempt + ":";
        JsonNode[] results = new JsonNode[n];
        StatesError[] failures = new StatesError[n];
        long parentEvent = f.lastEventId;
        List<Runnable> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            JsonNode item = items.get(i);
            jobs.add(() -> {
                String childId = prefix + index;
                FrameRecord snap = run.resume().get(childId);
                if (snap != null && FrameRecord.SUCCEEDED.equals(snap.status())) {
                    results[index] = parse(snap.output());
                    return;
                }
                if (snap != null && FrameRecord.FAILED.equals(snap.status())) {
                    failures[index] = new StatesError(snap.error(), snap.cause());
                    throw failures[index];
                }
                Frame child = new Frame(childId, snap == null ? 0 : snap.version(), parentEvent);
                run.log().append(child, "MapIterationStarted", EventLog.details().put("name", st.name()).put("index", index));
                try {
                    JsonNode out;
                    if (snap != null) {
                        out = runFrame(run, child, st.itemProcessor(), snap.state(), parse(snap.input()), snap.step(),
                                snap.enteredTime());
                    } else {
                        JsonNode itemInput = st.itemSelector() != null
                                ? PayloadTemplate.apply(st.itemSelector(), eff, ContextObject.withMapItem(ctx, index, item))
                                : item;
                        out = runFrame(run, child, st.itemProcessor(), st.itemProcessor().startAt(), itemInput, 1, Instant.now());
                    }
                    saveFrame(run, child, FrameRecord.SUCCEEDED, null, null, null, out, null, null);
                    results[index] = out;
                    run.log().append(child, "MapIterationSucceeded", EventLog.details().put("name", st.name()).put("index", index));
                } catch (StatesError e) {
                    saveFrame(run, child, FrameRecord.FAILED, null, null, null, null, e.error(), e.cause());
                    failures[index] = e;
                    run.log().append(child, "MapIterationFailed", EventLog.details().put("name", st.name()).put("index", index));
                    throw e;
                } catch (ExecutionInterrupted e) {
                    run.log().append(child, "MapIterationAborted", EventLog.details().put("name", st.name()).put("index", index));
                    throw e;
                }
            });
        }
        boolean tolerant = st.distributed();
        try {
            runChildren(run, st, jobs, threads, !tolerant);
        } catch (StatesError e) {
            run.log().append(f, "MapStateFailed", null);
            throw e;
        }
        ArrayNode out = F.arrayNode();
        int failed = 0;
        for (int i = 0; i < n; i++) {
            if (failures[i] != null) {
                failed++;
                ObjectNode err = F.objectNode().put("Error", failures[i].error());
                if (failures[i].cause() != null) {
                    err.put("Cause", failures[i].cause());
                }
                out.add(err);
            } else {
                out.add(results[i]);
            }
        }
        if (tolerant && failed > 0) {
            Double pct = st.toleratedFailurePercentage() != null ? st.toleratedFailurePercentage()
                    : st.toleratedFailurePercentagePath() != null ? JsonPaths.read(st.toleratedFailurePercentagePath(), eff, ctx).asDouble() : null;
            Integer count = st.toleratedFailureCount() != null ? st.toleratedFailureCount()
                    : st.toleratedFailureCountPath() != null ? nonNegativeInt(st, "ToleratedFailureCountPath", JsonPaths.read(st.toleratedFailureCountPath(), eff, ctx)) : null;
            boolean exceeded = (pct == null && count == null)
                    || (count != null && failed > count)
                    || (pct != null && failed * 100.0 / n > pct);
            if (exceeded) {
                run.log().append(f, "MapStateFailed", null);
                throw new StatesError(StatesError.EXCEED_TOLERATED_FAILURE_THRESHOLD, "State '" + st.name() + "': "
                        + failed + " of " + n + " items failed, more than the tolerated failure threshold");
            }
        }
        run.log().append(f, "MapStateSucceeded", null);
        JsonNode result = out;
        if (st.resultSelector() != null) {
            result = PayloadTemplate.apply(st.resultSelector(), result, ctx);
        }
        return outputPath(st, JsonPaths.applyResultPath(st.resultPath(), raw, result));
    }

    private JsonNode parallel(Run run, Frame f, State st, JsonNode raw, Instant entered, int attempt) {
        ObjectNode ctx = ContextObject.build(run.info(), st.name(), entered, attempt);
        JsonNode eff = inputPath(st, raw, ctx);
        JsonNode branchInput = st.parameters() != null ? PayloadTemplate.apply(st.parameters(), eff, ctx) : eff;
        run.log().append(f, "ParallelStateStarted", null);
        String prefix = f.id + "/" + f.step + "." + attempt + ":";
        int n = st.branches().size();
        JsonNode[] results = new JsonNode[n];
        long parentEvent = f.lastEventId;
        List<Runnable> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            Branch b = st.branches().get(i);
            jobs.add(() -> {
                String childId = prefix + index;
                FrameRecord snap = run.resume().get(childId);
                if (snap != null && FrameRecord.SUCCEEDED.equals(snap.status())) {
                    results[index] = parse(snap.output());
                    return;
                }
                if (snap != null && FrameRecord.FAILED.equals(snap.status())) {
                    throw new StatesError(snap.error(), snap.cause());
                }
                Frame child = new Frame(childId, snap == null ? 0 : snap.version(), parentEvent);
                try {
                    JsonNode out = snap != null
                            ? runFrame(run, child, b, snap.state(), parse(snap.input()), snap.step(), snap.enteredTime())
                            : runFrame(run, child, b, b.startAt(), branchInput, 1, Instant.now());
                    saveFrame(run, child, FrameRecord.SUCCEEDED, null, null, null, out, null, null);
                    results[index] = out;
                } catch (StatesError e) {
                    saveFrame(run, child, FrameRecord.FAILED, null, null, null, null, e.error(), e.cause());
                    throw e;
                }
            });
        }
        try {
            runChildren(run, st, jobs, n, true);
        } catch (StatesError e) {
            run.log().append(f, "ParallelStateFailed", null);
            throw e;
        }
        run.log().append(f, "ParallelStateSucceeded", null);
        ArrayNode out = F.arrayNode();
        for (JsonNode r : results) {
            out.add(r);
        }
        JsonNode result = out;
        if (st.resultSelector() != null) {
            result = PayloadTemplate.apply(st.resultSelector(), result, ctx);
        }
        return outputPath(st, JsonPaths.applyResultPath(st.resultPath(), raw, result));
    }

    /**
     * Runs child jobs on at most {@code threads} threads. With {@code failFast}, the first failure cancels the rest and
     * is rethrown; otherwise all jobs run and failures are left for the caller to count.
     */
    private void runChildren(Run run, State st, List<Runnable> jobs, int threads, boolean failFast) {
        if (jobs.isEmpty()) {
            return;
        }
        ExecutorService pool = st.type() == dev.sluice.workflow.asl.StateType.Parallel ? null
                : Executors.newFixedThreadPool(threads, daemon("sfn-map-" + st.name()));
        CompletionService<Object> cs = new ExecutorCompletionService<>(pool != null ? pool : branchPool);
        List<Future<Object>> futures = new ArrayList<>();
        try {
            for (Runnable job : jobs) {
                Future<Object> fut = cs.submit(job, null);
                futures.add(fut);
                run.control().register(fut);
            }
            StatesError first = null;
            for (int i = 0; i < jobs.size(); i++) {
                Future<Object> done = cs.take();
                try {
                    done.get();
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof StatesError se) {
                        if (failFast) {
                            first = se;
                            break;
                        }
                    } else if (c instanceof ExecutionInterrupted ei) {
                        throw ei;
                    } else {
                        throw new IllegalStateException("State '" + st.name() + "': a branch failed unexpectedly", c);
                    }
                } catch (CancellationException e) {
                    throw new ExecutionInterrupted("state '" + st.name() + "' cancelled");
                }
            }
            if (first != null) {
                throw first;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionInterrupted("state '" + st.name() + "' interrupted");
        } finally {
            for (Future<Object> fut : futures) {
                fut.cancel(true);
                run.control().unregister(fut);
            }
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode inputPath(State st, JsonNode raw, JsonNode ctx) {
        if (st.inputPath() == null) {
            return F.objectNode();
        }
        return JsonPaths.read(st.inputPath(), raw, ctx);
    }

    private static JsonNode outputPath(State st, JsonNode out) {
        if (st.outputPath() == null) {
            return F.objectNode();
        }
        return JsonPaths.read(st.outputPath(), out, F.objectNode());
    }

    private static void checkSize(State st, JsonNode out) {
        String s = out.toString();
        if (s.length() > EventLog.MAX_PAYLOAD_BYTES / 4 && s.getBytes(StandardCharsets.UTF_8).length > EventLog.MAX_PAYLOAD_BYTES) {
            throw new StatesError(StatesError.DATA_LIMIT_EXCEEDED, "The state/task '" + st.name()
                    + "' returned a result with a size exceeding the maximum number of bytes service limit (256 KB).");
        }
    }

    private Instant waitUntil(State st, JsonNode eff, JsonNode ctx, Instant entered) {
        if (st.seconds() != null) {
            return entered.plusSeconds(st.seconds());
        }
        if (st.secondsPath() != null) {
            JsonNode v = JsonPaths.read(st.secondsPath(), eff, ctx);
            if (!v.isIntegralNumber() || v.asLong() < 0) {
                throw new StatesError(StatesError.RUNTIME, "State '" + st.name() + "': SecondsPath '" + st.secondsPath()
                        + "' must select a non-negative integer, got " + v);
            }
            return entered.plusSeconds(v.asLong());
        }
        String ts = st.timestamp();
        if (ts == null) {
            JsonNode v = JsonPaths.read(st.timestampPath(), eff, ctx);
            ts = v.isTextual() ? v.asText() : null;
        }
        OffsetDateTime t = ts == null ? null : ChoiceRule.parseTimestamp(ts);
        if (t == null) {
            throw new StatesError(StatesError.RUNTIME, "State '" + st.name() + "': TimestampPath '" + st.timestampPath()
                    + "' must select an RFC 3339 timestamp");
        }
        return t.toInstant();
    }

    private static void sleepUntil(Run run, Instant until) {
        while (true) {
            run.control().check();
            long ms = Duration.between(Instant.now(), until).toMillis();
            if (ms <= 0) {
                return;
            }
            try {
                Thread.sleep(Math.min(ms, 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExecutionInterrupted("wait interrupted");
            }
        }
    }

    private static int positiveInt(State st, String field, JsonNode v) {
        if (!v.isIntegralNumber() || v.asInt() <= 0) {
            throw new StatesError(StatesError.RUNTIME, "State '" + st.name() + "': " + field
                    + " must select a positive integer, got " + v);
        }
        return v.asInt();
    }

    private static int nonNegativeInt(State st, String field, JsonNode v) {
        if (!v.isIntegralNumber() || v.asInt() < 0) {
            throw new StatesError(StatesError.RUNTIME, "State '" + st.name() + "': " + field
                    + " must select a non-negative integer, got " + v);
        }
        return v.asInt();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.isTextual() ? n.asText() : n.toString();
    }

    static JsonNode parse(String json) {
        try {
            return json == null ? F.nullNode() : MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is corrupt: " + e.getOriginalMessage(), e);
        }
    }
}
