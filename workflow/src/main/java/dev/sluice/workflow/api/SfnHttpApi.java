package dev.sluice.workflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.workflow.LocalStepFunctions;
import dev.sluice.workflow.SfnException;
import dev.sluice.workflow.store.ExecutionRecord;
import dev.sluice.workflow.store.Page;
import dev.sluice.workflow.store.StateMachineRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The Step Functions API over HTTP (awsJson 1.0, {@code X-Amz-Target: AWSStepFunctions.<Operation>}) on the JDK
 * HttpServer, so the AWS SDK {@code SfnClient} and {@code aws stepfunctions --endpoint-url} work against the runner.
 */
public final class SfnHttpApi {
    private static final Logger LOG = Logger.getLogger(SfnHttpApi.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String TARGET_PREFIX = "AWSStepFunctions.";

    private final LocalStepFunctions sfn;
    private final HttpServer server;
    private final ExecutorService pool;

    private SfnHttpApi(LocalStepFunctions sfn, HttpServer server, ExecutorService pool) {
        this.sfn = sfn;
        this.server = server;
        this.pool = pool;
    }

    /**
     * Binds and starts the server (port 0 = any free port); {@code authenticator} (may be null) runs before every
     * request and answers the ones it refuses.
     */
    public static SfnHttpApi start(LocalStepFunctions sfn, String host, int port, Filter authenticator)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "sfn-http");
            t.setDaemon(true);
            return t;
        });
        SfnHttpApi api = new SfnHttpApi(sfn, server, pool);
        var context = server.createContext("/", api::handle);
        if (authenticator != null) {
            context.getFilters().add(authenticator);
        }
        server.setExecutor(pool);
        server.start();
        LOG.infof("Step Functions API listening on http://%s:%d", host, server.getAddress().getPort());
        return api;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
        pool.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(ex.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
                error(ex, 400, "UnknownOperationException", "Expected POST with header X-Amz-Target: AWSStepFunctions.<Operation>");
                return;
            }
            String op = target.substring(TARGET_PREFIX.length());
            JsonNode req;
            try (InputStream in = ex.getRequestBody()) {
                byte[] body = in.readAllBytes();
                req = body.length == 0 ? F.objectNode() : MAPPER.readTree(body);
            } catch (IOException e) {
                error(ex, 400, "SerializationException", "The request body is not valid JSON: " + e.getMessage());
                return;
            }
            try {
                JsonNode resp = dispatch(op, req == null ? F.objectNode() : req);
                send(ex, 200, resp);
            } catch (SfnException e) {
                error(ex, 400, e.code(), e.getMessage());
            } catch (IllegalArgumentException e) {
                error(ex, 400, "ValidationException", e.getMessage());
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s failed", op);
                error(ex, 500, "InternalServerError", e.toString());
            }
        }
    }

    JsonNode dispatch(String op, JsonNode r) {
        switch (op) {
            case "CreateStateMachine": {
                if (r.hasNonNull("publish") && r.get("publish").asBoolean()) {
                    throw new SfnException("ValidationException", "publish (state machine versions) is not supported locally");
                }
                StateMachineRecord sm = sfn.createStateMachine(required(r, "name"), required(r, "definition"),
                        text(r, "roleArn"), text(r, "type"));
                ObjectNode o = F.objectNode().put("stateMachineArn", sm.arn());
                o.set("creationDate", time(sm.createdAt()));
                return o;
            }
            case "UpdateStateMachine": {
                StateMachineRecord sm = sfn.updateStateMachine(required(r, "stateMachineArn"), text(r, "definition"),
                        text(r, "roleArn"));
                ObjectNode o = F.objectNode();
                o.set("updateDate", time(sm.updatedAt()));
                return o;
            }
            case "DescribeStateMachine": {
                StateMachineRecord sm = sfn.describeStateMachine(required(r, "stateMachineArn"));
                ObjectNode o = F.objectNode().put("stateMachineArn", sm.arn()).put("name", sm.name())
                        .put("status", "ACTIVE").put("definition", sm.definition()).put("roleArn", sm.roleArn())
                        .put("type", sm.type());
                o.set("creationDate", time(sm.createdAt()));
                return o;
            }
            case "ListStateMachines": {
                Page<StateMachineRecord> page = sfn.listStateMachines(intField(r, "maxResults"), text(r, "nextToken"));
                ObjectNode o = F.objectNode();
                ArrayNode list = o.putArray("stateMachines");
                for (StateMachineRecord sm : page.items()) {
                    ObjectNode i = list.addObject().put("stateMachineArn", sm.arn()).put("name", sm.name()).put("type", sm.type());
                    i.set("creationDate", time(sm.createdAt()));
                }
                if (page.nextToken() != null) {
                    o.put("nextToken", page.nextToken());
                }
                return o;
            }
            case "StartExecution": {
                ExecutionRecord e = sfn.startExecution(required(r, "stateMachineArn"), text(r, "name"), text(r, "input"));
                ObjectNode o = F.objectNode().put("executionArn", e.arn());
                o.set("startDate", time(e.startDate()));
                return o;
            }
            case "DescribeExecution": {
                ExecutionRecord e = sfn.describeExecution(required(r, "executionArn"));
                ObjectNode o = summary(e);
                o.put("input", e.input());
                o.putObject("inputDetails").put("included", true);
                if (e.output() != null) {
                    o.put("output", e.output());
                    o.putObject("outputDetails").put("included", true);
                }
                if (e.error() != null) {
                    o.put("error", e.error());
                }
                if (e.cause() != null) {
                    o.put("cause", e.cause());
                }
                return o;
            }
            case "StopExecution": {
                ExecutionRecord e = sfn.stopExecution(required(r, "executionArn"), text(r, "error"), text(r, "cause"));
                ObjectNode o = F.objectNode();
                o.set("stopDate", time(e.stopDate() == null ? Instant.now() : e.stopDate()));
                return o;
            }
            case "GetExecutionHistory": {
                boolean includeData = !r.has("includeExecutionData") || r.get("includeExecutionData").asBoolean();
                Page<ObjectNode> page = sfn.getExecutionHistory(required(r, "executionArn"), intField(r, "maxResults"),
                        text(r, "nextToken"), r.path("reverseOrder").asBoolean(false));
                ObjectNode o = F.objectNode();
                ArrayNode events = o.putArray("events");
                for (ObjectNode ev : page.items()) {
                    ObjectNode copy = ev.deepCopy();
                    copy.set("timestamp", time(Instant.ofEpochMilli(ev.get("timestamp").asLong())));
                    if (!includeData) {
                        stripData(copy);
                    }
                    events.add(copy);
                }
                if (page.nextToken() != null) {
                    o.put("nextToken", page.nextToken());
                }
                return o;
            }
            case "ListExecutions": {
                String sm = text(r, "stateMachineArn");
                if (sm == null) {
                    throw new SfnException("ValidationException", "stateMachineArn is required (mapRunArn is not supported)");
                }
                Page<ExecutionRecord> page = sfn.listExecutions(sm, text(r, "statusFilter"), intField(r, "maxResults"),
                        text(r, "nextToken"));
                ObjectNode o = F.objectNode();
                ArrayNode list = o.putArray("executions");
                page.items().forEach(e -> list.add(summary(e)));
                if (page.nextToken() != null) {
                    o.put("nextToken", page.nextToken());
                }
                return o;
            }
            default:
                throw new SfnException("UnknownOperationException", "Operation '" + op + "' is not supported by the local "
                        + "Step Functions runner (supported: CreateStateMachine, UpdateStateMachine, DescribeStateMachine, "
                        + "ListStateMachines, StartExecution, DescribeExecution, StopExecution, GetExecutionHistory, "
                        + "ListExecutions)");
        }
    }

    private static void stripData(ObjectNode ev) {
        for (Iterator<JsonNode> it = ev.elements(); it.hasNext(); ) {
            JsonNode n = it.next();
            if (n.isObject()) {
                ((ObjectNode) n).remove(java.util.List.of("input", "output", "parameters"));
            }
        }
    }

    private static ObjectNode summary(ExecutionRecord e) {
        ObjectNode o = F.objectNode().put("executionArn", e.arn()).put("stateMachineArn", e.stateMachineArn())
                .put("name", e.name()).put("status", e.status());
        o.set("startDate", time(e.startDate()));
        if (e.stopDate() != null) {
            o.set("stopDate", time(e.stopDate()));
        }
        return o;
    }

    /** awsJson timestamps: epoch seconds with fractional milliseconds. */
    private static JsonNode time(Instant t) {
        return F.numberNode(BigDecimal.valueOf(t.toEpochMilli(), 3));
    }

    private static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String required(JsonNode r, String field) {
        String v = text(r, field);
        if (v == null) {
            throw new SfnException("ValidationException", "1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }

    private static int intField(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() ? 0 : v.asInt();
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        ObjectNode body = F.objectNode().put("__type", code).put("message", message);
        ex.getResponseHeaders().set("x-amzn-ErrorType", code);
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
        LOG.debugf("%s: %s", code, message);
    }
}
