package dev.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sluice.control.TaskControl;
import dev.sluice.local.LocalPlatform;
import dev.sluice.local.SecretHandOff;
import dev.sluice.state.NoSuchTaskException;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskRecord;
import dev.sluice.task.HandedSecrets;
import dev.sluice.task.TaskFileException;
import dev.sluice.task.TaskSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The task HTTP API of 'sluice serve' (JSON; the same actions as the CLI) and the console page that shows the
 * tasks and the states of their workflow executions. Every request passes {@link ApiGuard} (token or console
 * session, Host allow-list, JSON-only state changes from this origin).
 * <pre>
 * GET  /login?code=ONE-TIME-CODE                           -> console session cookie, redirect to /
 * POST /api/login-links                                    -> 201 {url}: a new one-time console login link
 * POST /api/tasks              body: the task (JSON)       -> 201 {taskId, executionArn} | 400 {problems}
 * GET  /api/tasks                                          -> [{taskId, status, phase, ...}]
 * GET  /api/tasks/{id}                                     -> status view | 404 unknown id
 * GET  /api/tasks/{id}/history                             -> workflow events (state entered/exited, ...)
 * GET  /api/tasks/{id}/execution?since=N&arn=A             -> current execution: ASL definition, events, executions
 * GET  /api/tasks/{id}/chunks | /throttle | /jobs          -> chunk ledger (Map view), throttle, console actions
 * GET  /api/tasks/{id}/replication-history                 -> {samples: [[epochSeconds, delay, rows, tx], ...]}
 * POST /api/tasks/{id}/stop | /api/tasks/{id}/resume       -> task
 * POST /api/tasks/{id}/reload {"table": "db.t"}            -> the table's reload (RELOAD#db.t)
 * POST /api/tasks/{id}/objects {"add": ["db.t"], "remove": ["db.u"]} -> what changed, per table
 * POST /api/tasks/{id}/resnapshot                          -> {"tables": [...]} copied again (a purged binlog)
 * POST /api/tasks/{id}/verify {repair} | /cutover | /throttle {rowsPerSecond, ...} -> 202 job | 200 throttle
 * POST /api/validate           body: {taskFile}            -> 200 {valid, summary} | 400 {problems}
 * POST /api/secrets  {secrets: [{host, port, user, reference, value}]} -> {held}: env:/file: passwords the CLI
 *                    resolved for a task it starts or resumes, held in memory only ({@link SecretHandOff})
 * GET  /metrics                                            -> Prometheus text format (TaskMetrics)
 * GET  /, /console/*                                       -> console (HTML, scripts, the vendored layout library)
 * </pre>
 */
final class ApiServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ApiServer.class);
    private static final ObjectMapper JSON = TaskDocuments.json();

    /** Files of the console (resources under /console/), with their media types. */
    private static final Map<String, String> CONSOLE_FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "graph.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8",
            "vendor/dagre.min.js", "text/javascript; charset=utf-8",
            "vendor/dagre-LICENSE.txt", "text/plain; charset=utf-8");

    private final HttpServer server;
    private final LocalPlatform platform;
    private final ApiGuard guard;
    private final ConsoleApi console;
    private final TaskJobs jobs;
    private final TaskMetrics metrics;

    private ApiServer(HttpServer server, LocalPlatform platform, ApiGuard guard) {
        this.server = server;
        this.platform = platform;
        this.guard = guard;
        TaskExecutions executions = new TaskExecutions(platform);
        this.console = new ConsoleApi(platform, executions);
        this.jobs = new TaskJobs(platform);
        this.metrics = new TaskMetrics(platform, executions);
    }

    private interface Binder<S extends HttpServer> {
        S create() throws IOException;
    }

    /** Creates the server; a busy port is named, with what to do. */
    private static <S extends HttpServer> S bind(Binder<S> binder, String host, int port) throws IOException {
        try {
            return binder.create();
        } catch (BindException e) {
            throw new IllegalStateException("cannot serve the task API on " + host + ":" + port + ": " + e.getMessage()
                    + " (another process uses the port); choose another with --port, or stop that process", e);
        }
    }

    /**
     * Binds the API; {@code tls} null = plain HTTP (loopback only, checked by the caller). {@code guard} holds
     * the token and the allowed host names.
     */
    static ApiServer start(LocalPlatform platform, String host, int port, SSLContext tls, ApiGuard guard)
            throws IOException {
        HttpServer server;
        if (tls != null) {
            HttpsServer https = bind(() -> HttpsServer.create(new InetSocketAddress(host, port), 64), host, port);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        } else {
            server = bind(() -> HttpServer.create(new InetSocketAddress(host, port), 64), host, port);
        }
        ApiServer api = new ApiServer(server, platform, guard);
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
        return (server instanceof HttpsServer ? "https://" : "http://") + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort();
    }

    /** A new one-time link that opens a console session. */
    String loginLink() {
        return endpoint() + "/login?code=" + guard.sessions().newLoginCode();
    }

    @Override
    public void close() {
        server.stop(0);
        jobs.close();
    }

    private void handle(HttpExchange ex) throws IOException {
        // not try-with-resources: the exchange must still be open when an error response is written
        try {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            securityHeaders(ex);
            boolean login = path.equals("/login") && method.equals("GET");
            ApiGuard.Refusal refusal = guard.check(ex, server.getAddress().getPort(), login);
            if (refusal != null) {
                if (refusal.status() == 401) {
                    ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"sluice\"");
                }
                json(ex, refusal.status(), error(refusal.message()));
                return;
            }
            TaskControl control = platform.control();
            List<String> parts = List.of(path.replaceAll("^/+|/+$", "").split("/"));
            if (login) {
                login(ex);
            } else if (path.equals("/") && method.equals("GET")) {
                consoleFile(ex, "index.html");
            } else if (path.startsWith("/console/") && method.equals("GET")
                    && CONSOLE_FILES.containsKey(path.substring(9))) {
                consoleFile(ex, path.substring(9));
            } else if (path.equals("/metrics") && method.equals("GET")) {
                send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape().getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/api/validate") && method.equals("POST")) {
                json(ex, 200, ConsoleApi.validate(body(ex)));
            } else if (path.equals("/api/login-links") && method.equals("POST")) {
                json(ex, 201, JSON.createObjectNode().put("url", loginLink()));
            } else if (path.equals("/api/secrets") && method.equals("POST")) {
                HandedSecrets held = HandedSecrets.installed();
                if (held == null) {
                    throw new IllegalStateException("this process does not hold passwords for its tasks");
                }
                int n = SecretHandOff.accept(ex.getRequestBody().readAllBytes(), held);
                json(ex, 200, JSON.createObjectNode().put("held", n));
            } else if (path.equals("/api/tasks") && method.equals("GET")) {
                json(ex, 200, control.list().stream().map(ApiServer::summary).toList());
            } else if (path.equals("/api/tasks") && method.equals("POST")) {
                TaskSpec spec = ConsoleApi.taskFrom(body(ex));
                for (String ref : new String[] {spec.source().password(), spec.destination().password()}) {
                    if (!guard.mayResolve(ref)) {
                        throw new IllegalArgumentException("password " + ref + ": the API does not resolve env: or "
                                + "file: references of its callers in this server's environment; start the task "
                                + "with 'sluice start' (it runs as you), use a Secrets Manager ARN, or start "
                                + "'sluice serve' with --allow-secret-ref " + ref);
                    }
                }
                TaskRecord t = control.start(spec);
                json(ex, 201, summary(t));
            } else if (parts.size() == 3 && parts.get(0).equals("api") && method.equals("GET")) {
                json(ex, 200, control.status(parts.get(2)));
            } else if (parts.size() == 4 && parts.get(3).equals("history") && method.equals("GET")) {
                TaskRecord t = control.tasks().require(parts.get(2));
                json(ex, 200, t.executionArn() == null ? List.of()
                        : platform.runner().getExecutionHistory(t.executionArn(), 1000, null, false).items());
            } else if (parts.size() == 4 && parts.get(3).equals("execution") && method.equals("GET")) {
                Map<String, String> q = query(ex);
                json(ex, 200, console.execution(parts.get(2), Long.parseLong(q.getOrDefault("since", "0")), q.get("arn")));
            } else if (parts.size() == 4 && parts.get(3).equals("chunks") && method.equals("GET")) {
                json(ex, 200, console.chunks(parts.get(2)));
            } else if (parts.size() == 4 && parts.get(3).equals("replication-history") && method.equals("GET")) {
                json(ex, 200, console.replicationHistory(parts.get(2)));
            } else if (parts.size() == 4 && parts.get(3).equals("throttle") && method.equals("GET")) {
                json(ex, 200, console.throttle(parts.get(2)));
            } else if (parts.size() == 4 && parts.get(3).equals("throttle") && method.equals("POST")) {
                json(ex, 200, console.setThrottle(parts.get(2), JSON.readTree(body(ex))));
            } else if (parts.size() == 4 && parts.get(3).equals("jobs") && method.equals("GET")) {
                json(ex, 200, jobs.list(parts.get(2)));
            } else if (parts.size() == 4 && parts.get(3).equals("verify") && method.equals("POST")) {
                json(ex, 202, jobs.verify(parts.get(2), JSON.readTree(body(ex)).path("repair").asBoolean(false)));
            } else if (parts.size() == 4 && parts.get(3).equals("cutover") && method.equals("POST")) {
                json(ex, 202, jobs.cutover(parts.get(2)));
            } else if (parts.size() == 4 && parts.get(3).equals("stop") && method.equals("POST")) {
                json(ex, 200, summary(control.stop(parts.get(2))));
            } else if (parts.size() == 4 && parts.get(3).equals("reload") && method.equals("POST")) {
                json(ex, 202, control.reload(parts.get(2), JSON.readTree(body(ex)).path("table").asText(null)));
            } else if (parts.size() == 4 && parts.get(3).equals("objects") && method.equals("POST")) {
                json(ex, 202, objects(control, parts.get(2), JSON.readTree(body(ex))));
            } else if (parts.size() == 4 && parts.get(3).equals("resnapshot") && method.equals("POST")) {
                json(ex, 202, JSON.createObjectNode().set("tables", JSON.valueToTree(control.resnapshot(parts.get(2))
                        .stream().map(dev.sluice.table.TableRef::key).toList())));
            } else if (parts.size() == 4 && parts.get(3).equals("resume") && method.equals("POST")) {
                json(ex, 200, summary(control.resume(parts.get(2))));
            } else {
                json(ex, 404, error("no such endpoint: " + method + " " + path + "; see GET / for the console"));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            json(ex, 400, error("the request body is not valid JSON: " + e.getOriginalMessage()));
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

    /** Trades a one-time login code for a session cookie; a used, expired or unknown code gets 401. */
    private void login(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        String code = query != null && query.startsWith("code=") ? query.substring(5) : null;
        String session = guard.sessions().login(code);
        if (session == null) {
            send(ex, 401, "text/plain; charset=utf-8", ("This login link was used already or has expired. Run "
                    + "'sluice console' for a new one.\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        ex.getResponseHeaders().add("Set-Cookie", guard.sessionCookieHeader(session));
        ex.getResponseHeaders().set("Location", "/");
        send(ex, 303, "text/plain; charset=utf-8", new byte[0]);
    }

    private static void securityHeaders(HttpExchange ex) {
        var h = ex.getResponseHeaders();
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
    }

    /** 'sluice objects' through the API: removals first, then additions; one line per table. */
    private static ObjectNode objects(TaskControl control, String taskId, com.fasterxml.jackson.databind.JsonNode in) {
        ObjectNode out = JSON.createObjectNode();
        var done = out.putArray("changes");
        in.path("remove").forEach(t -> done.add(control.removeTable(taskId, t.asText())));
        in.path("add").forEach(t -> done.add(control.addTable(taskId, t.asText()).describe()));
        return out;
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
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** A console file; scripts only from this origin (no inline script), nothing framed, no outside request. */
    private static void consoleFile(HttpExchange ex, String name) throws IOException {
        byte[] body;
        try (InputStream in = ApiServer.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console file " + name + " is missing from the application; rebuild it");
            }
            body = in.readAllBytes();
        }
        ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; script-src 'self'; "
                + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
                + "form-action 'self'; base-uri 'none'");
        send(ex, 200, CONSOLE_FILES.get(name), body);
    }

    private static String body(HttpExchange ex) throws IOException {
        return new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new java.util.HashMap<>();
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }
}
