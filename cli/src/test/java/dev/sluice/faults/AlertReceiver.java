package dev.sluice.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.state.TaskDocuments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook receiver on a loopback port: keeps every JSON alert 'serve --alert-webhook' POSTs to it. */
final class AlertReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<JsonNode> alerts = new CopyOnWriteArrayList<>();
    private final StringBuffer bodies = new StringBuffer();

    private AlertReceiver(HttpServer server) {
        this.server = server;
    }

    static AlertReceiver start() {
        try {
            AlertReceiver r = new AlertReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8));
            r.server.createContext("/hook", ex -> {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                r.bodies.append(body).append('\n');
                r.alerts.add(TaskDocuments.json().readTree(body));
                ex.sendResponseHeaders(204, -1);
                ex.close();
            });
            r.server.start();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook?token=not-for-logs");
    }

    /** The first alert of {@code event}, waiting for it up to {@code timeout}. */
    JsonNode await(String event, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (JsonNode a : alerts) {
                if (event.equals(a.path("event").asText())) {
                    return a;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + event + "' alert within " + timeout + "; heard: " + events());
            }
            Thread.sleep(100);
        }
    }

    List<String> events() {
        return alerts.stream().map(a -> a.path("event").asText()).toList();
    }

    /** Every body received, as sent. */
    String bodies() {
        return bodies.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
