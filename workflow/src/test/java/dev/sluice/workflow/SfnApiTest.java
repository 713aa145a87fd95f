package dev.sluice.workflow;

import static dev.sluice.workflow.SfnTestSupport.json;
import static dev.sluice.workflow.SfnTestSupport.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.dynamodb.EmbeddedDynamoDb;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/** The Step Functions API over HTTP, driven by the AWS SDK v2 SfnClient, persisted in the embedded DynamoDB. */
class SfnApiTest {
    private static final TestFunctions FNS = new TestFunctions();
    private static EmbeddedDynamoDb dynamo;
    private static DynamoDbClient ddb;
    private static LocalStepFunctions runner;
    private static SfnClient sfn;
    private static CountDownLatch blockerStarted;

    private static final String ECHO = q("{'StartAt':'Echo','States':{'Echo':{'Type':'Task',"
            + "'Resource':'arn:aws:states:::lambda:invoke','Parameters':{'FunctionName':'arn:aws:lambda:us-east-1:123456789012:function:echo',"
            + "'Payload.$':'$'},'OutputPath':'$.Payload','Next':'Done'},'Done':{'Type':'Succeed'}}}");

    @BeforeAll
    static void start() throws Exception {
        dynamo = EmbeddedDynamoDb.start(null, "127.0.0.1", 0);
        ddb = Clients.dynamo(dynamo.endpoint());
        FNS.register("echo", (p, c) -> p);
        FNS.register("block", (p, c) -> {
            blockerStarted.countDown();
            Thread.sleep(60_000);
            return p;
        });
        FNS.register("fail", (p, c) -> {
            throw new IllegalArgumentException("bad input " + p);
        });
        runner = new LocalStepFunctions(ddb, "sfn-api-test", FNS, LocalStepFunctions.Options.defaults());
        runner.start();
        sfn = Clients.sfn(runner.startHttpApi("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() {
        sfn.close();
        runner.close();
        ddb.close();
        dynamo.close();
    }

    private static DescribeExecutionResponse await(String arn) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(arn));
            if (d.status() != ExecutionStatus.RUNNING || System.nanoTime() > until) {
                return d;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void createStartDescribeAndHistory() throws Exception {
        String smArn = sfn.createStateMachine(b -> b.name("echo-machine").definition(ECHO)
                .roleArn("arn:aws:iam::000000000000:role/sfn")).stateMachineArn();
        assertEquals("arn:aws:states:local:000000000000:stateMachine:echo-machine", smArn);
        assertEquals(ECHO, sfn.describeStateMachine(b -> b.stateMachineArn(smArn)).definition());
        assertTrue(sfn.listStateMachines(b -> b.maxResults(100)).stateMachines().stream()
                .anyMatch(s -> s.stateMachineArn().equals(smArn)));

        Instant before = Instant.now().minusSeconds(1);
        String arn = sfn.startExecution(b -> b.stateMachineArn(smArn).name("run-1").input("{\"x\":1}")).executionArn();
        assertEquals("arn:aws:states:local:000000000000:execution:echo-machine:run-1", arn);
        DescribeExecutionResponse d = await(arn);
        assertEquals(ExecutionStatus.SUCCEEDED, d.status());
        assertEquals(json("{\"x\":1}"), json(d.output()));
        assertEquals("{\"x\":1}", d.input());
        assertTrue(d.startDate().isAfter(before) && !d.stopDate().isBefore(d.startDate()));

        List<HistoryEvent> all = sfn.getExecutionHistory(b -> b.executionArn(arn)).events();
        assertEquals(List.of(HistoryEventType.EXECUTION_STARTED, HistoryEventType.TASK_STATE_ENTERED,
                HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_STARTED, HistoryEventType.TASK_SUCCEEDED,
                HistoryEventType.TASK_STATE_EXITED, HistoryEventType.SUCCEED_STATE_ENTERED,
                HistoryEventType.SUCCEED_STATE_EXITED, HistoryEventType.EXECUTION_SUCCEEDED),
                all.stream().map(HistoryEvent::type).toList());
        assertEquals("{\"x\":1}", all.get(0).executionStartedEventDetails().input());
        assertEquals("Echo", all.get(1).stateEnteredEventDetails().name());
        assertEquals("lambda", all.get(2).taskScheduledEventDetails().resourceType());
        assertEquals(json("{\"x\":1}"), json(all.get(8).executionSucceededEventDetails().output()));
        assertNotNull(all.get(0).timestamp());

        // Paging forwards and in reverse.
        List<Long> ids = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            GetExecutionHistoryResponse page = sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(4).nextToken(t));
            assertTrue(page.events().size() <= 4);
            page.events().forEach(e -> ids.add(e.id()));
            token = page.nextToken();
        } while (token != null);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), ids);
        GetExecutionHistoryResponse rev = sfn.getExecutionHistory(b -> b.executionArn(arn).reverseOrder(true).maxResults(2));
        assertEquals(List.of(9L, 8L), rev.events().stream().map(HistoryEvent::id).toList());
        assertNotNull(rev.nextToken());
        String revToken = rev.nextToken();
        assertEquals(List.of(7L, 6L), sfn.getExecutionHistory(b -> b.executionArn(arn).reverseOrder(true).maxResults(2)
                .nextToken(revToken)).events().stream().map(HistoryEvent::id).toList());

        // Same name, same input, but finished: ExecutionAlreadyExists.
        assertThrows(ExecutionAlreadyExistsException.class,
                () -> sfn.startExecution(b -> b.stateMachineArn(smArn).name("run-1").input("{\"x\":1}")));
    }

    @Test
    void listExecutionsWithStatusFilterAndPaging() throws Exception {
        String def = q("{'StartAt':'F','States':{'F':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke',"
                + "'Parameters':{'FunctionName':'fail','Payload.$':'$'},'End':true}}}");
        String failArn = sfn.createStateMachine(b -> b.name("lister").definition(ECHO)).stateMachineArn();
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            arns.add(sfn.startExecution(b -> b.stateMachineArn(failArn).name("ok-" + n)).executionArn());
            Thread.sleep(5);
        }
        for (String a : arns) {
            assertEquals(ExecutionStatus.SUCCEEDED, await(a).status());
        }
        sfn.updateStateMachine(b -> b.stateMachineArn(failArn).definition(def));
        String failed = sfn.startExecution(b -> b.stateMachineArn(failArn).name("bad")).executionArn();
        DescribeExecutionResponse d = await(failed);
        assertEquals(ExecutionStatus.FAILED, d.status());
        assertEquals("java.lang.IllegalArgumentException", d.error());
        assertEquals("bad input {}", json(d.cause()).get("errorMessage").asText());

        ListExecutionsResponse onlyFailed = sfn.listExecutions(b -> b.stateMachineArn(failArn).statusFilter(ExecutionStatus.FAILED));
        assertEquals(List.of(failed), onlyFailed.executions().stream().map(e -> e.executionArn()).toList());
        // Newest first, two per page.
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListExecutionsResponse page = sfn.listExecutions(b -> b.stateMachineArn(failArn).statusFilter(ExecutionStatus.SUCCEEDED)
                    .maxResults(2).nextToken(t));
            assertTrue(page.executions().size() <= 2);
            page.executions().forEach(e -> seen.add(e.name()));
            token = page.nextToken();
        } while (token != null);
        assertEquals(List.of("ok-4", "ok-3", "ok-2", "ok-1", "ok-0"), seen);
    }

    @Test
    void stopExecutionOverHttp() throws Exception {
        blockerStarted = new CountDownLatch(1);
        String def = q("{'StartAt':'B','States':{'B':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke',"
                + "'Parameters':{'FunctionName':'block'},'End':true}}}");
        String smArn = sfn.createStateMachine(b -> b.name("blocker").definition(def)).stateMachineArn();
        String arn = sfn.startExecution(b -> b.stateMachineArn(smArn)).executionArn();
        assertTrue(blockerStarted.await(10, TimeUnit.SECONDS));
        assertEquals(ExecutionStatus.RUNNING, sfn.describeExecution(b -> b.executionArn(arn)).status());
        assertEquals(List.of(arn), sfn.listExecutions(b -> b.stateMachineArn(smArn).statusFilter(ExecutionStatus.RUNNING))
                .executions().stream().map(e -> e.executionArn()).toList());
        assertNotNull(sfn.stopExecution(b -> b.executionArn(arn).error("Ops.Stop").cause("maintenance")).stopDate());
        DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(arn));
        assertEquals(ExecutionStatus.ABORTED, d.status());
        assertEquals("Ops.Stop", d.error());
        List<HistoryEvent> h = sfn.getExecutionHistory(b -> b.executionArn(arn).reverseOrder(true).maxResults(1)).events();
        assertEquals(HistoryEventType.EXECUTION_ABORTED, h.get(0).type());
        assertEquals("maintenance", h.get(0).executionAbortedEventDetails().cause());
        assertNull(runnerOutput(arn));
    }

    private static String runnerOutput(String arn) {
        return runner.describeExecution(arn).output();
    }

    @Test
    void awsErrorCodes() {
        assertThrows(ExecutionDoesNotExistException.class, () -> sfn.describeExecution(
                b -> b.executionArn("arn:aws:states:local:000000000000:execution:nope:nope")));
        assertThrows(StateMachineDoesNotExistException.class, () -> sfn.startExecution(
                b -> b.stateMachineArn("arn:aws:states:local:000000000000:stateMachine:nope")));
        InvalidDefinitionException bad = assertThrows(InvalidDefinitionException.class, () -> sfn.createStateMachine(
                b -> b.name("bad").definition(q("{'StartAt':'A','States':{'A':{'Type':'Pass','Foo':1,'End':true}}}"))));
        assertTrue(bad.getMessage().contains("State 'A': field 'Foo' is not valid ASL for a Pass state"), bad.getMessage());
        String smArn = sfn.createStateMachine(b -> b.name("inputs").definition(ECHO)).stateMachineArn();
        assertThrows(InvalidExecutionInputException.class, () -> sfn.startExecution(b -> b.stateMachineArn(smArn).input("{nope")));
    }

    @Test
    void listStateMachinesPages() {
        for (String n : List.of("page-a", "page-b", "page-c")) {
            sfn.createStateMachine(b -> b.name(n).definition(ECHO));
        }
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            var page = sfn.listStateMachines(b -> b.maxResults(2).nextToken(t));
            assertTrue(page.stateMachines().size() <= 2);
            page.stateMachines().forEach(m -> names.add(m.name()));
            token = page.nextToken();
        } while (token != null);
        assertTrue(names.containsAll(List.of("page-a", "page-b", "page-c")), names.toString());
        assertEquals(names.stream().distinct().sorted().toList(), names, "each machine once, in name order");
        // Creating the same machine again with the same definition is idempotent, as in AWS.
        assertEquals("arn:aws:states:local:000000000000:stateMachine:page-a",
                sfn.createStateMachine(b -> b.name("page-a").definition(ECHO)).stateMachineArn());
    }

    @Test
    void bigOutputStaysUnderTheItemLimit() throws Exception {
        // 200 KB in and ~200 KB out: the execution item must stay below DynamoDB's 400 KB.
        String big = "y".repeat(200 * 1024);
        String smArn = sfn.createStateMachine(b -> b.name("big").definition(ECHO)).stateMachineArn();
        String input = JsonNodeFactory.instance.objectNode().put("blob", big).toString();
        String arn = sfn.startExecution(b -> b.stateMachineArn(smArn).input(input)).executionArn();
        DescribeExecutionResponse d = await(arn);
        assertEquals(ExecutionStatus.SUCCEEDED, d.status(), d.cause());
        assertEquals(big, json(d.output()).get("blob").asText());
    }
}
