package dev.sluice.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.handler.FunctionNames;
import dev.sluice.handler.Functions;
import dev.sluice.state.StateBackend;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskStatus;
import dev.sluice.state.Tasks;
import dev.sluice.task.EndpointSpec;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.TlsMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The AWS Lambda entry point called in process, as the Lambda runtime calls it: a stream with the payload a Task
 * state of workflow/migration.asl.json sends ({@code arn:aws:states:::lambda:invoke} passes {@code Payload} as the
 * event), the function chosen by {@code quarkus.funqy.export}; the output must carry every field the state's
 * ResultSelector reads, and a failure must surface as the exception (its class is Lambda's errorType, which the
 * workflow's Retry/Catch match).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunqyLambdaHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private StateTable table;
    private Tasks tasks;
    private FunqyLambdaHandler handler;
    private JsonNode states;

    @BeforeAll
    void start() throws Exception {
        table = StateBackend.EMBEDDED.newTable();
        tasks = new Tasks(table);
        handler = new FunqyLambdaHandler(Functions.catalog(table, 0));
        Path asl = Path.of(System.getProperty("sluice.repo.root", ".."), "workflow", "migration.asl.json");
        states = JSON.readTree(Files.readString(asl)).get("States");
    }

    @AfterAll
    void stop() {
        table.client().close();
    }

    @AfterEach
    void clearExport() {
        System.clearProperty("quarkus.funqy.export");
    }

    private JsonNode invoke(String function, String event) throws Exception {
        System.setProperty("quarkus.funqy.export", function);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context());
        return JSON.readTree(out.toByteArray());
    }

    /** The ResultSelector of the workflow state that calls {@code function}, e.g. {phase: $.Payload.phase}. */
    private JsonNode resultSelector(String function) {
        String placeholder = FunctionNames.BY_PLACEHOLDER.entrySet().stream()
                .filter(e -> e.getValue().equals(function)).findFirst().orElseThrow().getKey();
        for (JsonNode s : (Iterable<JsonNode>) states::elements) {
            if (("${" + placeholder + "}").equals(s.at("/Parameters/FunctionName").asText())) {
                return s.path("ResultSelector");
            }
        }
        throw new AssertionError("no state calls " + function);
    }

    private void assertSelectable(String function, JsonNode output) {
        JsonNode selector = resultSelector(function);
        selector.fields().forEachRemaining(e -> {
            String path = e.getValue().asText();
            assertTrue(path.startsWith("$.Payload."), path);
            assertTrue(output.has(path.substring("$.Payload.".length())),
                    function + " output " + output + " lacks " + path + " that the workflow reads");
        });
    }

    @Test
    void routeEventFromTheStateMachine() throws Exception {
        String id = tasks.create(spec()).id();
        String exec = "arn:aws:states:eu-west-1:111122223333:execution:sluice-migration:" + id + "-1";
        JsonNode out = invoke("task-route", "{\"taskId\":\"" + id + "\",\"executionArn\":\"" + exec + "\"}");
        assertEquals("CONNECTIVITY", out.get("phase").asText());
        assertTrue(out.get("full").asBoolean());
        assertSelectable("task-route", out);
        assertEquals(exec, tasks.require(id).executionArn());
        assertEquals(TaskStatus.RUNNING, tasks.require(id).status());
    }

    @Test
    void failEventCarriesTheCatchOutput() throws Exception {
        String id = tasks.create(spec()).id();
        // what a Catch with ResultPath $.error hands RecordFailure for a Lambda error: Error + Cause (a JSON string)
        String event = JSON.writeValueAsString(Map.of("taskId", id, "error", Map.of(
                "Error", "dev.sluice.failure.RetriableException",
                "Cause", "{\"errorMessage\":\"lost connection to the source\","
                        + "\"errorType\":\"dev.sluice.failure.RetriableException\"}")));
        JsonNode out = invoke("task-fail", event);
        assertEquals("FAILED", out.get("status").asText());
        assertEquals("dev.sluice.failure.RetriableException: lost connection to the source", out.get("error").asText());
        assertTrue(tasks.require(id).error().endsWith("lost connection to the source"), tasks.require(id).error());
    }

    @Test
    void completeEventFinishesAFullOnlyTask() throws Exception {
        String id = tasks.create(spec()).id();
        JsonNode out = invoke("task-complete", "{\"taskId\":\"" + id + "\"}");
        assertEquals("SUCCEEDED", out.get("status").asText());
        assertEquals(TaskStatus.SUCCEEDED, tasks.require(id).status());
    }

    @Test
    void aFailureIsThrownWithItsClassAsTheLambdaErrorType() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> invoke("task-route", "{\"taskId\":\"no-such-task-1\",\"executionArn\":\"x\"}"));
        assertTrue(e.getMessage().contains("run 'sluice list'"), e.getMessage());
    }

    @Test
    void withoutAnExportedFunctionItSaysWhatToSet() {
        var e = assertThrows(IllegalStateException.class, () -> handler.handleRequest(
                new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                context()));
        assertTrue(e.getMessage().contains("QUARKUS_FUNQY_EXPORT is not set"), e.getMessage());
    }

    private static TaskSpec spec() {
        EndpointSpec e = new EndpointSpec("127.0.0.1", 3306, "u", "env:SLUICE_TEST_PW", TlsMode.PREFERRED, 5);
        return new TaskSpec("lambda", e, e, EnumSet.of(MigrationType.FULL),
                List.of(new ObjectSelection("db", null, null, null)),
                new NameMapping(Map.of(), Map.of(), Map.of()), null, null);
    }

    /** The runtime's context: 15 minutes left, like a fresh invocation of a 900 s function. */
    private static Context context() {
        return new Context() {
            @Override
            public String getAwsRequestId() {
                return "req-1";
            }

            @Override
            public String getLogGroupName() {
                return "/aws/lambda/sluice-functions";
            }

            @Override
            public String getLogStreamName() {
                return "stream";
            }

            @Override
            public String getFunctionName() {
                return "sluice-task-route";
            }

            @Override
            public String getFunctionVersion() {
                return "1";
            }

            @Override
            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:eu-west-1:111122223333:function:sluice-task-route:live";
            }

            @Override
            public CognitoIdentity getIdentity() {
                return null;
            }

            @Override
            public ClientContext getClientContext() {
                return null;
            }

            @Override
            public int getRemainingTimeInMillis() {
                return 900_000;
            }

            @Override
            public int getMemoryLimitInMB() {
                return 512;
            }

            @Override
            public LambdaLogger getLogger() {
                return null;
            }
        };
    }
}
