package dev.sluice.dynamodb.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.dynamodb.DynamoException;
import dev.sluice.dynamodb.operation.OperationDispatcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The HTTP front end: decodes DynamoDB JSON-protocol POSTs, dispatches them, and encodes results or errors. */
public final class DynamoHttpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DynamoHttpServer.class.getName());
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    static {
        // The JDK server writes response headers and body in separate segments; with Nagle's algorithm on, every
        // keep-alive round trip then waits for the client's delayed ACK (~40 ms). The JDK reads this property once,
        // when its first HttpServer is created, so it is set here unless the user chose otherwise.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final OperationDispatcher dispatcher;
    private final HttpServer server;
    private final ExecutorService executor;

    public DynamoHttpServer(OperationDispatcher dispatcher, String host, int port, int threads) throws IOException {
        this(dispatcher, host, port, threads, null);
    }

    /** As above; {@code authenticator} (may be null) runs before every request and may answer it instead. */
    public DynamoHttpServer(OperationDispatcher dispatcher, String host, int port, int threads, Filter authenticator)
            throws IOException {
        this.dispatcher = dispatcher;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sluice-dynamodb-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        var context = server.createContext("/", this::handle);
        if (authenticator != null) {
            context.getFilters().add(authenticator);
        }
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ObjectNode body;
            int status = 200;
            try {
                body = process(ex);
            } catch (DynamoException e) {
                status = e.httpStatus();
                body = errorBody(e);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "internal error", e);
                DynamoException ie = DynamoException.internal("Internal error in the Sluice embedded DynamoDB: " + e);
                status = ie.httpStatus();
                body = errorBody(ie);
            }
            byte[] bytes = mapper.writeValueAsBytes(body);
            ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    private ObjectNode process(HttpExchange ex) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            throw DynamoException.serialization("Only POST requests are supported (DynamoDB JSON protocol)");
        }
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw DynamoException.unknownOperation("Missing or unsupported X-Amz-Target header: " + target
                    + "; expected " + TARGET_PREFIX + "<Operation>");
        }
        byte[] raw = readBody(ex.getRequestBody());
        JsonNode request;
        try {
            request = raw.length == 0 ? mapper.createObjectNode() : mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            throw DynamoException.serialization("Request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            throw DynamoException.serialization("Request body must be a JSON object");
        }
        return dispatcher.dispatch(target.substring(TARGET_PREFIX.length()), request);
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] data = in.readNBytes(MAX_REQUEST_BYTES + 1);
        if (data.length > MAX_REQUEST_BYTES) {
            throw DynamoException.validation("Request size exceeds the DynamoDB limit of 16 MB");
        }
        return data;
    }

    private ObjectNode errorBody(DynamoException e) {
        ObjectNode b = mapper.createObjectNode();
        b.put("__type", e.type());
        b.put("message", e.getMessage());
        b.setAll(e.extra());
        return b;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
