package dev.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.control.TaskControl;
import dev.sluice.local.LocalPlatform;
import dev.sluice.state.NoSuchTaskException;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.task.TaskFileException;
import dev.sluice.task.TaskFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The task HTTP API of 'sluice serve' (JSON; the same actions as the CLI) and the console page that shows the
 * tasks and the states of their workflow executions.
 * <pre>
 * POST /api/tasks              body: a YAML task file      -> 201 {taskId, executionArn} | 400 {problems}
 * GET  /api/tasks                                          -> [{taskId, status, phase, ...}]
 * GET  /api/tasks/{id}                                     -> status view | 404 unknown id
 * GET  /api/tasks/{id}/history                             -> workflow events (state entered/exited, ...)
 * POST /api/tasks/{id}/stop | /api/tasks/{id}/resume       -> task
 * GET  /                                                   -> console (HTML)
 * </pre>
 */
final class ApiServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ApiServer.class);
    private static final ObjectMapper JSON = TaskDocuments.json();

    private final HttpServer server;
    private final LocalPlatform platform;

    private ApiServer(HttpServer server, LocalPlatform platform) {
        this.server = server;
        this.platform = platform;
    }

    static ApiServer start(LocalPlatform platform, String host, int port) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (BindException e) {
            throw new IllegalStateException("cannot serve the task API on " + host + ":" + port + ": " + e.getMessage()
                    + " (another process uses the port); choose another with --port, or stop that process", e);
        }
        ApiServer api = new ApiServer(server, platform);
        server.createContext("/", api::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "sluice-api");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return api;
    }

    String endpoint() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        // not try-with-resources: the exchange must still be open when an error response is written
        try {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            TaskControl control = platform.control();
            List<String> parts = List.of(path.replaceAll("^/+|/+$", "").split("/"));
            if (path.equals("/") && method.equals("GET")) {
                send(ex, 200, "text/html; charset=utf-8", console());
            } else if (path.equals("/api/tasks") && method.equals("GET")) {
                json(ex, 200, control.list().stream().map(ApiServer::summary).toList());
            } else if (path.equals("/api/tasks") && method.equals("POST")) {
                String yaml = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                TaskRecord t = control.start(TaskFiles.parse(yaml, "request body"));
                json(ex, 201, summary(t));
            } else if (parts.size() == 3 && parts.get(0).equals("api") && method.equals("GET")) {
                json(ex, 200, control.status(parts.get(2)));
            } else if (parts.size() == 4 && parts.get(3).equals("history") && method.equals("GET")) {
                TaskRecord t = control.tasks().require(parts.get(2));
                json(ex, 200, t.executionArn() == null ? List.of()
                        : platform.runner().getExecutionHistory(t.executionArn(), 1000, null, false).items());
            } else if (parts.size() == 4 && parts.get(3).equals("stop") && method.equals("POST")) {
                json(ex, 200, summary(control.stop(parts.get(2))));
            } else if (parts.size() == 4 && parts.get(3).equals("resume") && method.equals("POST")) {
                json(ex, 200, summary(control.resume(parts.get(2))));
            } else {
                json(ex, 404, error("no such endpoint: " + method + " " + path + "; see GET / for the console"));
            }
        } catch (TaskFileException e) {
            ObjectNode body = error(e.getMessage());
            body.set("problems", JSON.valueToTree(e.problems()));
            json(ex, 400, body);
        } catch (NoSuchTaskException e) {
            json(ex, 404, error(e.getMessage()));
        } catch (IllegalArgumentException e) {
            json(ex, 400, error(e.getMessage()));
        } catch (IllegalStateException e) {
            json(ex, 409, error(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("API request failed", e);
            json(ex, 500, error(e.getMessage()));
        } finally {
            ex.close();
        }
    }

    private static ObjectNode summary(TaskRecord t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("taskId", t.id());
        n.put("name", t.spec().name());
        n.put("status", t.status().name());
        n.put("phase", t.phase().name());
        n.put("executionArn", t.executionArn());
        n.put("source", t.spec().source().address());
        n.put("destination", t.spec().destination().address());
        n.put("createdAt", t.createdAt().toString());
        n.put("error", t.error());
        return n;
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] console() throws IOException {
        try (InputStream in = ApiServer.class.getResourceAsStream("/console.html")) {
            return in.readAllBytes();
        }
    }
}
