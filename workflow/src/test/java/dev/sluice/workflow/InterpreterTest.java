package dev.sluice.workflow;

import static dev.sluice.workflow.SfnTestSupport.eventTypes;
import static dev.sluice.workflow.SfnTestSupport.json;
import static dev.sluice.workflow.SfnTestSupport.q;
import static dev.sluice.workflow.SfnTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.workflow.engine.FunctionError;
import dev.sluice.workflow.engine.InterpreterOptions;
import dev.sluice.workflow.store.ExecutionRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs each state type, error handling and input/output processing through the interpreter (in-memory store). */
class InterpreterTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final TestFunctions FNS = new TestFunctions();
    private static LocalStepFunctions sfn;

    @BeforeAll
    static void start() {
        // Wait and Retry delays run at 1/20 of real time so the backoff tests take milliseconds.
        sfn = new LocalStepFunctions(new InMemoryExecutionStore(), FNS,
                LocalStepFunctions.Options.defaults().withInterpreter(new InterpreterOptions(0.05, 40)));
        sfn.start();
        FNS.register("echo", (p, c) -> p);
        FNS.register("hello", (p, c) -> F.textNode("Hello, " + p.get("who").asText() + "!"));
        FNS.register("double", (p, c) -> F.numberNode(p.asInt() * 2));
    }

    @AfterAll
    static void stop() {
        sfn.close();
    }

    private static String task(String name, String fn, String extra) {
        return "'" + name + "':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke',"
                + "'Parameters':{'FunctionName':'" + fn + "','Payload.$':'$'}" + extra + "}";
    }

    private static String machine(String states, String startAt) {
        return q("{'StartAt':'" + startAt + "','States':{" + states + "}}");
    }

    @Test
    void passResultIntoResultPath() throws Exception {
        // AWS docs, Pass state example.
        ExecutionRecord e = run(sfn, machine("'No-op':{'Type':'Pass','Result':{'x-datum':0.381018,'y-datum':622.2269926397355},"
                + "'ResultPath':'$.coords','End':true}", "No-op"), q("{'georefOf':'Home'}"));
        assertEquals(ExecutionRecord.SUCCEEDED, e.status());
        assertEquals(json(q("{'georefOf':'Home','coords':{'x-datum':0.381018,'y-datum':622.2269926397355}}")), json(e.output()));
    }

    @Test
    void taskResultShapeAndResultPathFromTheDocs() throws Exception {
        // AWS docs, "ResultPath to include the result with the input".
        String def = machine(task("Hello", "hello", ",'ResultSelector':{'greeting.$':'$.Payload','code.$':'$.StatusCode'},"
                + "'ResultPath':'$.taskresult','End':true"), "Hello");
        ExecutionRecord e = run(sfn, def, q("{'comment':'This is a test','details':'Default example','who':'AWS Step Functions'}"));
        assertEquals(json(q("{'comment':'This is a test','details':'Default example','who':'AWS Step Functions',"
                + "'taskresult':{'greeting':'Hello, AWS Step Functions!','code':200}}")), json(e.output()));
        // The raw lambda:invoke result as the history shows it.
        ObjectNode succeeded = SfnTestSupport.history(sfn, e.arn()).stream()
                .filter(ev -> ev.get("type").asText().equals("TaskSucceeded")).findFirst().orElseThrow();
        assertEquals(json(q("{'ExecutedVersion':'$LATEST','Payload':'Hello, AWS Step Functions!','StatusCode':200}")),
                json(succeeded.get("taskSucceededEventDetails").get("output").asText()));
    }

    @Test
    void inputPathParametersOutputPathAndNullResultPath() throws Exception {
        String def = machine(
                task("Echo", "echo", ",'InputPath':'$.dataset2','Parameters':{'FunctionName':'echo','Payload':{'v.$':'$.val2',"
                        + "'static':'s','list':[{'x.$':'$.val3'}]}},'ResultPath':'$.out','OutputPath':'$.out.Payload','Next':'Keep'")
                        + ",'Keep':{'Type':'Pass','Result':'ignored','ResultPath':null,'Next':'Drop'}"
                        + ",'Drop':{'Type':'Pass','InputPath':null,'End':true}", "Echo");
        ExecutionRecord e = run(sfn, def, q("{'dataset1':{'val1':1},'dataset2':{'val1':'a','val2':'b','val3':'c'}}"));
        // InputPath null feeds {} to the last Pass state.
        assertEquals(json("{}"), json(e.output()));
        List<ObjectNode> h = SfnTestSupport.history(sfn, e.arn());
        ObjectNode keepExit = h.stream().filter(ev -> ev.get("type").asText().equals("PassStateExited")
                && ev.get("stateExitedEventDetails").get("name").asText().equals("Keep")).findFirst().orElseThrow();
        assertEquals(json(q("{'v':'b','static':'s','list':[{'x':'c'}]}")),
                json(keepExit.get("stateExitedEventDetails").get("output").asText()));
    }

    @Test
    void contextObjectAndIntrinsicsInParameters() throws Exception {
        String def = new String(getClass().getResourceAsStream("/asl/intrinsics.asl.json").readAllBytes());
        ExecutionRecord e = run(sfn, def, q("{'a':1,'name':'abc','items':[1,2,3,4,5],'obj':{'k':1},'obj2':{'k':2,'j':3},"
                + "'str':'{\\'z\\':[1]}','dups':[1,1,2,'x','x']}"));
        assertEquals(ExecutionRecord.SUCCEEDED, e.status(), e.cause());
        JsonNode o = json(e.output());
        assertEquals(e.arn(), o.get("id").asText());
        assertEquals(e.name(), o.get("name").asText());
        assertEquals("Ctx", o.get("state").asText());
        assertEquals(1, o.get("in").asInt());
        assertTrue(o.get("start").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), o.toString());
        assertNotNull(o.get("entered"));
        assertEquals("abc has 5 items, {literal}", o.get("msg").asText());
        assertEquals(json("[[1,2],[3,4],[5]]"), o.get("parts"));
        assertEquals(6, o.get("sum").asInt());
        assertEquals("{\"k\":1}", o.get("json").asText());
        assertEquals(json(q("{'z':[1]}")), o.get("obj"));
        assertEquals(json(q("[1,'x',3]")), o.get("arr"));
        assertEquals(json(q("[1,2,'x']")), o.get("uniq"));
        assertTrue(o.get("has").asBoolean());
        assertEquals(2, o.get("item").asInt());
        assertEquals(json("[1,4,7]"), o.get("range"));
        assertEquals(json(q("{'k':2,'j':3}")), o.get("merged"));
        assertEquals("YWJj", o.get("b64").asText());
        assertEquals("hello", o.get("plain").asText());
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", o.get("sha").asText());
        assertEquals(json(q("['a','b','c']")), o.get("split"));
        assertTrue(o.get("uuid").asText().matches("[0-9a-f-]{36}"));
        assertTrue(o.get("rnd").asInt() >= 1 && o.get("rnd").asInt() < 3);
    }

    @Test
    void intrinsicFailureIsCatchable() throws Exception {
        String def = machine("'Bad':{'Type':'Pass','Parameters':{'x.$':'States.ArrayGetItem($.items, 7)'},"
                + "'Next':'Ok'},'Ok':{'Type':'Succeed'}", "Bad");
        ExecutionRecord e = run(sfn, def, q("{'items':[1]}"));
        assertEquals(ExecutionRecord.FAILED, e.status());
        assertEquals("States.IntrinsicFailure", e.error());
        assertTrue(e.cause().contains("out of bounds"), e.cause());
    }

    @Test
    void choiceRoutesAndDefaultAndNoMatch() throws Exception {
        String def = machine("'Route':{'Type':'Choice','Choices':["
                + "{'And':[{'Variable':'$.n','IsNumeric':true},{'Variable':'$.n','NumericGreaterThanPath':'$.limit'}],'Next':'Big'},"
                + "{'Not':{'Variable':'$.name','StringMatches':'log-*.txt'},'Next':'Other'}],'Default':'Log'},"
                + "'Big':{'Type':'Pass','Result':'big','End':true},'Other':{'Type':'Pass','Result':'other','End':true},"
                + "'Log':{'Type':'Pass','Result':'log','End':true}", "Route");
        assertEquals("\"big\"", run(sfn, def, q("{'n':11,'limit':10,'name':'x'}")).output());
        assertEquals("\"other\"", run(sfn, def, q("{'n':9,'limit':10,'name':'x'}")).output());
        assertEquals("\"log\"", run(sfn, def, q("{'n':9,'limit':10,'name':'log-1.txt'}")).output());
        String noDefault = machine("'Route':{'Type':'Choice','Choices':[{'Variable':'$.n','NumericEquals':1,'Next':'A'}]},"
                + "'A':{'Type':'Succeed'}", "Route");
        ExecutionRecord e = run(sfn, noDefault, q("{'n':2}"));
        assertEquals("States.NoChoiceMatched", e.error());
        e = run(sfn, noDefault, q("{'m':2}"));
        assertEquals("States.Runtime", e.error());
    }

    @Test
    void waitVariantsAndTimestamps() throws Exception {
        String def = machine("'W1':{'Type':'Wait','Seconds':1,'Next':'W2'},'W2':{'Type':'Wait','SecondsPath':'$.s','Next':'W3'},"
                + "'W3':{'Type':'Wait','TimestampPath':'$.ts','Next':'W4'},"
                + "'W4':{'Type':'Wait','Timestamp':'2020-01-01T00:00:00Z','End':true}", "W1");
        long t0 = System.nanoTime();
        ExecutionRecord e = run(sfn, def, q("{'s':2,'ts':'2021-06-01T10:00:00+02:00'}"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(ExecutionRecord.SUCCEEDED, e.status(), e.cause());
        // 1 s + 2 s at time scale 0.05 = 150 ms of waiting.
        assertTrue(ms >= 140, "waited only " + ms + " ms");
        ExecutionRecord bad = run(sfn, def, q("{'s':0,'ts':'yesterday'}"));
        assertEquals("States.Runtime", bad.error());
    }

    @Test
    void failStateWithPaths() throws Exception {
        ExecutionRecord e = run(sfn, "{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\",\"ErrorPath\":\"$.code\",\"CausePath\":\"States.Format('bad {}', $.what)\"}}}",
                q("{'code':'Custom.Bad','what':'row'}"));
        assertEquals(ExecutionRecord.FAILED, e.status());
        assertEquals("Custom.Bad", e.error());
        assertEquals("bad row", e.cause());
        assertEquals("ExecutionFailed", eventTypes(sfn, e.arn()).get(eventTypes(sfn, e.arn()).size() - 1));
    }

    @Test
    void retryWithBackoffThenSucceeds() throws Exception {
        List<Long> calls = Collections.synchronizedList(new ArrayList<>());
        FNS.register("flaky", (p, c) -> {
            calls.add(System.nanoTime());
            if (calls.size() < 4) {
                throw new FunctionError("Custom.Transient", "try again");
            }
            return F.textNode("ok");
        });
        String def = machine(task("Flaky", "flaky", ",'Retry':[{'ErrorEquals':['Other']},{'ErrorEquals':['Custom.Transient'],"
                + "'IntervalSeconds':2,'BackoffRate':2.0,'MaxAttempts':3}],'OutputPath':'$.Payload','End':true"), "Flaky");
        ExecutionRecord e = run(sfn, def, "{}");
        assertEquals(ExecutionRecord.SUCCEEDED, e.status(), e.cause());
        assertEquals("\"ok\"", e.output());
        assertEquals(4, calls.size());
        // Delays 2 s, 4 s, 8 s scaled by 0.05: 100, 200, 400 ms.
        long d1 = (calls.get(1) - calls.get(0)) / 1_000_000;
        long d2 = (calls.get(2) - calls.get(1)) / 1_000_000;
        long d3 = (calls.get(3) - calls.get(2)) / 1_000_000;
        assertTrue(d1 >= 95 && d2 >= 195 && d3 >= 395, d1 + " " + d2 + " " + d3);
        assertTrue(d3 > d2 && d2 > d1, d1 + " " + d2 + " " + d3);
        assertEquals(4, eventTypes(sfn, e.arn()).stream().filter("TaskScheduled"::equals).count());
    }

    @Test
    void retriesExhaustedThenCaughtByName() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FNS.register("broken", (p, c) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("boom");
        });
        String def = machine(task("Broken", "broken", ",'Retry':[{'ErrorEquals':['States.TaskFailed'],'IntervalSeconds':1,"
                + "'MaxAttempts':2,'MaxDelaySeconds':1,'JitterStrategy':'FULL'}],'Catch':[{'ErrorEquals':['Nope'],'Next':'Never'},"
                + "{'ErrorEquals':['java.lang.IllegalStateException'],'ResultPath':'$.error','Next':'Handled'}],'Next':'Never'")
                + ",'Never':{'Type':'Fail','Error':'Unreachable'},'Handled':{'Type':'Pass','End':true}", "Broken");
        ExecutionRecord e = run(sfn, def, q("{'keep':true}"));
        assertEquals(ExecutionRecord.SUCCEEDED, e.status(), e.cause());
        assertEquals(3, calls.get());
        JsonNode out = json(e.output());
        assertTrue(out.get("keep").asBoolean());
        assertEquals("java.lang.IllegalStateException", out.get("error").get("Error").asText());
        assertEquals(json(q("{'errorMessage':'boom','errorType':'java.lang.IllegalStateException'}")),
                json(out.get("error").get("Cause").asText()));
    }

    @Test
    void timeoutInterruptsHungTask() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        FNS.register("hang", (p, c) -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ie) {
                interrupted.set(true);
                throw ie;
            }
            return p;
        });
        String def = machine(task("Hang", "hang", ",'TimeoutSeconds':1,'Retry':[{'ErrorEquals':['States.TaskFailed'],"
                + "'MaxAttempts':5}],'Catch':[{'ErrorEquals':['States.Timeout'],'Next':'TimedOut'}],'End':true")
                + ",'TimedOut':{'Type':'Pass','End':true}", "Hang");
        long t0 = System.nanoTime();
        ExecutionRecord e = run(sfn, def, "{}");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(ExecutionRecord.SUCCEEDED, e.status());
        assertEquals("States.Timeout", json(e.output()).get("Error").asText());
        assertTrue(ms >= 1000 && ms < 5000, "took " + ms + " ms");
        Thread.sleep(100);
        assertTrue(interrupted.get(), "the hung function was not interrupted");
        // States.TaskFailed does not match States.Timeout, so there was no retry.
        assertEquals(1, eventTypes(sfn, e.arn()).stream().filter("TaskTimedOut"::equals).count());
    }

    @Test
    void heartbeatTimeout() throws Exception {
        FNS.register("beats", (p, c) -> {
            for (int i = 0; i < 4; i++) {
                Thread.sleep(300);
                c.heartbeat();
            }
            Thread.sleep(30_000);
            return p;
        });
        String def = machine(task("Beats", "beats", ",'TimeoutSeconds':20,'HeartbeatSeconds':1,'End':true"), "Beats");
        long t0 = System.nanoTime();
        ExecutionRecord e = run(sfn, def, "{}");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("States.HeartbeatTimeout", e.error());
        assertTrue(ms >= 2000 && ms < 6000, "took " + ms + " ms");
    }

    @Test
    void mapMaxConcurrencyBoundsParallelism() throws Exception {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        FNS.register("slow", (p, c) -> {
            int now = active.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            Thread.sleep(150);
            active.decrementAndGet();
            return p;
        });
        String def = machine("'Each':{'Type':'Map','ItemsPath':'$.items','MaxConcurrency':3,"
                + "'ItemSelector':{'index.$':'$$.Map.Item.Index','value.$':'$$.Map.Item.Value','tag.$':'$.tag'},"
                + "'ItemProcessor':{'ProcessorConfig':{'Mode':'INLINE'},'StartAt':'Slow','States':{"
                + task("Slow", "slow", ",'OutputPath':'$.Payload','End':true") + "}},'ResultPath':'$.results','End':true}", "Each");
        ExecutionRecord e = run(sfn, def, q("{'tag':'t','items':['a','b','c','d','e','f','g','h','i','j']}"));
        assertEquals(ExecutionRecord.SUCCEEDED, e.status(), e.cause());
        assertEquals(3, peak.get(), "peak concurrency");
        JsonNode results = json(e.output()).get("results");
        assertEquals(10, results.size());
        assertEquals(json(q("{'index':9,'value':'j','tag':'t'}")), results.get(9));
        List<String> types = eventTypes(sfn, e.arn());
        assertEquals(10, types.stream().filter("MapIterationSucceeded"::equals).count());
        assertTrue(types.contains("MapStateStarted") && types.contains("MapStateSucceeded"));
    }

    @Test
    void mapUnboundedUsesManyThreads() throws Exception {
        CountDownLatch all = new CountDownLatch(12);
        FNS.register("rendezvous", (p, c) -> {
            all.countDown();
            // Succeeds only if all 12 iterations run at the same time.
            if (!all.await(5, TimeUnit.SECONDS)) {
                throw new FunctionError("NotConcurrent", "only " + (12 - all.getCount()) + " ran together");
            }
            return p;
        });
        String def = machine("'Each':{'Type':'Map','MaxConcurrency':0,'Iterator':{'StartAt':'R','States':{"
                + task("R", "rendezvous", ",'End':true") + "}},'End':true}", "Each");
        ExecutionRecord e = run(sfn, def, "[1,2,3,4,5,6,7,8,9,10,11,12]");
        assertEquals(ExecutionRecord.SUCCEEDED, e.status(), e.cause());
    }

    @Test
    void inlineMapFailureFailsTheMapAndDistributedToleratesFailures() throws Exception {
        FNS.register("odd-fails", (p, c) -> {
            if (p.asInt() % 2 == 1) {
                throw new FunctionError("Custom.Odd", "odd " + p.asInt());
            }
            return p;
        });
        String inline = machine("'Each':{'Type':'Map','ItemProcessor':{'StartAt':'T','States':{"
                + task("T", "odd-fails", ",'OutputPath':'$.Payload','End':true") + "}},'End':true}", "Each");
        ExecutionRecord e = run(sfn, inline, "[2,4,5,6]");
        assertEquals("Custom.Odd", e.error());
        String distributed = machine("'Each':{'Type':'Map','ToleratedFailureCount':2,'ItemProcessor':{'ProcessorConfig':"
                + "{'Mode':'DISTRIBUTED','ExecutionType':'STANDARD'},'StartAt':'T2','States':{"
                + task("T2", "odd-fails", ",'OutputPath':'$.Payload','End':true") + "}},'End':true}", "Each");
        e = run(sfn, distributed, "[1,2,3,4]");
        assertEquals(ExecutionRecord.SUCCEEDED, e.status(), e.cause());
        JsonNode out = json(e.output());
        assertEquals(2, out.get(1).asInt());
        assertEquals("Custom.Odd", out.get(0).get("Error").asText());
        e = run(sfn, distributed, "[1,3,5,2]");
        assertEquals("States.ExceedToleratedFailureThreshold", e.error());
    }

    @Test
    void parallelBranchesAndCatch() throws Exception {
        String def = machine("'Both':{'Type':'Parallel','Branches':["
                + "{'StartAt':'D','States':{" + task("D", "double", ",'InputPath':'$.n','OutputPath':'$.Payload','End':true") + "}},"
                + "{'StartAt':'P','States':{'P':{'Type':'Pass','InputPath':'$.s','End':true}}}],"
                + "'ResultSelector':{'doubled.$':'$[0]','s.$':'$[1]'},'End':true}", "Both");
        ExecutionRecord e = run(sfn, def, q("{'n':21,'s':'x'}"));
        assertEquals(json(q("{'doubled':42,'s':'x'}")), json(e.output()));
        String failing = machine("'Both':{'Type':'Parallel','Branches':["
                + "{'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':100,'End':true}}},"
                + "{'StartAt':'F','States':{'F':{'Type':'Fail','Error':'Branch.Bad','Cause':'c'}}}],"
                + "'Catch':[{'ErrorEquals':['States.ALL'],'Next':'Caught'}],'End':true},'Caught':{'Type':'Pass','End':true}", "Both");
        long t0 = System.nanoTime();
        e = run(sfn, failing, "{}");
        assertEquals(json(q("{'Error':'Branch.Bad','Cause':'c'}")), json(e.output()));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 3000, "the waiting sibling branch was not cancelled");
    }

    @Test
    void allStateTypesTogether() throws Exception {
        String def = new String(getClass().getResourceAsStream("/asl/all-states.asl.json").readAllBytes());
        ExecutionRecord e = run(sfn, def, "{}");
        assertEquals(ExecutionRecord.SUCCEEDED, e.status(), e.cause());
        assertEquals(json("[2,4,6]"), json(e.output()));
    }

    @Test
    void dataLimitExceeded() throws Exception {
        FNS.register("big", (p, c) -> F.textNode("x".repeat(300 * 1024)));
        String def = machine(task("Big", "big", ",'Catch':[{'ErrorEquals':['States.ALL'],'Next':'Never'}],'End':true")
                + ",'Never':{'Type':'Succeed'}", "Big");
        ExecutionRecord e = run(sfn, def, "{}");
        assertEquals(ExecutionRecord.FAILED, e.status());
        assertEquals("States.DataLimitExceeded", e.error());
    }

    @Test
    void stopExecutionAbortsRunningTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        FNS.register("forever", (p, c) -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ie) {
                interrupted.set(true);
                throw ie;
            }
            return p;
        });
        String arn = SfnTestSupport.start(sfn, machine(task("Forever", "forever", ",'End':true"), "Forever"), "{}");
        assertTrue(started.await(10, TimeUnit.SECONDS));
        ExecutionRecord stopped = sfn.stopExecution(arn, "Operator.Stop", "maintenance");
        assertEquals(ExecutionRecord.ABORTED, stopped.status());
        assertEquals("Operator.Stop", stopped.error());
        Thread.sleep(200);
        assertTrue(interrupted.get(), "the running task was not interrupted");
        List<String> types = eventTypes(sfn, arn);
        assertEquals("ExecutionAborted", types.get(types.size() - 1));
        assertEquals(ExecutionRecord.ABORTED, sfn.awaitCompletion(arn, Duration.ofSeconds(5)).status());
    }

    @Test
    void startExecutionIntegrationStartsAChild() throws Exception {
        String child = sfn.createStateMachine("child-sm", machine("'C':{'Type':'Pass','End':true}", "C"), null, null).arn();
        String def = machine("'Next':{'Type':'Task','Resource':'arn:aws:states:::states:startExecution',"
                + "'Parameters':{'StateMachineArn':'" + child + "','Input':{'cursor.$':'$.cursor',"
                + "'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$':'$$.Execution.Id'}},'End':true}", "Next");
        ExecutionRecord parent = run(sfn, def, q("{'cursor':42}"));
        assertEquals(ExecutionRecord.SUCCEEDED, parent.status(), parent.cause());
        String childArn = json(parent.output()).get("ExecutionArn").asText();
        ExecutionRecord c = sfn.awaitCompletion(childArn, Duration.ofSeconds(10));
        // Without Name the child gets a UUID name derived from the task's position (stable across a resume).
        assertTrue(c.name().matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"), c.name());
        assertEquals(ExecutionRecord.SUCCEEDED, c.status());
        assertEquals(42, json(c.output()).get("cursor").asInt());
        assertEquals(parent.arn(), json(c.output()).get("AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID").asText());
    }

    @Test
    void directLambdaArnResourceReturnsTheFunctionOutput() throws Exception {
        String def = machine("'D':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:123456789012:function:double:$LATEST',"
                + "'InputPath':'$.n','ResultPath':'$.doubled','End':true}", "D");
        ExecutionRecord e = run(sfn, def, q("{'n':4}"));
        assertEquals(json(q("{'n':4,'doubled':8}")), json(e.output()));
    }

    @Test
    void executionTimeoutEndsAsTimedOut() throws Exception {
        String def = q("{'TimeoutSeconds':1,'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':1000,'End':true}}}");
        long t0 = System.nanoTime();
        ExecutionRecord e = run(sfn, def, "{}");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(ExecutionRecord.TIMED_OUT, e.status());
        assertEquals("States.Timeout", e.error());
        assertTrue(ms < 10_000, "took " + ms + " ms");
        List<String> types = eventTypes(sfn, e.arn());
        assertEquals("ExecutionTimedOut", types.get(types.size() - 1));
    }

    @Test
    void historyHasStepFunctionsEventShapes() throws Exception {
        ExecutionRecord e = run(sfn, machine(task("Echo", "echo", ",'End':true"), "Echo"), q("{'a':1}"));
        List<ObjectNode> h = SfnTestSupport.history(sfn, e.arn());
        assertEquals(List.of("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
                "TaskStateExited", "ExecutionSucceeded"), h.stream().map(x -> x.get("type").asText()).toList());
        for (int i = 0; i < h.size(); i++) {
            assertEquals(i + 1, h.get(i).get("id").asInt());
            assertEquals(i, h.get(i).get("previousEventId").asInt());
        }
        assertEquals("{\"a\":1}", h.get(0).get("executionStartedEventDetails").get("input").asText());
        assertEquals("Echo", h.get(1).get("stateEnteredEventDetails").get("name").asText());
        ObjectNode sched = (ObjectNode) h.get(2).get("taskScheduledEventDetails");
        assertEquals("lambda", sched.get("resourceType").asText());
        assertEquals("invoke", sched.get("resource").asText());
        assertEquals(json(q("{'FunctionName':'echo','Payload':{'a':1}}")), json(sched.get("parameters").asText()));
    }
}
