package dev.sluice.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.task.EndpointSpec;
import dev.sluice.task.HandedSecrets;
import dev.sluice.task.SecretRef;
import dev.sluice.task.TaskSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands the {@code env:}/{@code file:} passwords of a task from the CLI that reads the task file (its shell, its
 * files) to the running 'sluice serve', in memory: {@code POST /api/secrets} with the home's token, body
 * {@code {"secrets": [{"host", "port", "user", "reference", "value"}]}}. Both sides of that exchange live here.
 * Serve keeps the values in {@link HandedSecrets} only; nothing is stored or logged, and no answer echoes a value.
 */
public final class SecretHandOff {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretHandOff() {
    }

    /** The task's endpoints whose password is an env:/file: reference. */
    static List<EndpointSpec> localReferences(TaskSpec spec) {
        List<EndpointSpec> out = new ArrayList<>();
        for (EndpointSpec e : List.of(spec.source(), spec.destination())) {
            if (SecretRef.isLocal(e.password())) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Resolves the task's env:/file: passwords here and sends them to the serve process of {@code daemon}. A
     * reference that cannot be resolved here is an error naming it ({@code what} says which task, for messages).
     */
    static void send(SluiceHome.Daemon daemon, String token, TaskSpec spec, String what) {
        List<EndpointSpec> endpoints = localReferences(spec);
        if (endpoints.isEmpty() || daemon.apiEndpoint() == null) {
            return;   // nothing to hand over, or a foreground 'sluice start' that resolves them in its own process
        }
        ArrayNode list = JSON.createArrayNode();
        for (EndpointSpec e : endpoints) {
            String value;
            try {
                value = SecretRef.resolve(e.password());
            } catch (IllegalStateException notHere) {
                throw new IllegalStateException(what + ": " + notHere.getMessage() + " (the running 'sluice serve' "
                        + "gets the task's env:/file: passwords from the CLI that starts or resumes it)");
            }
            list.addObject().put("host", e.host()).put("port", e.portOrDefault()).put("user", e.user())
                    .put("reference", e.password()).put("value", value);
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("secrets", list);
        String url = daemon.apiEndpoint() + "/api/secrets";
        HttpResponse<String> r;
        try {
            r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(what + ": cannot hand the passwords to 'sluice serve' at " + url + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); check that it is running", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted while handing the passwords to 'sluice serve'", e);
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException(what + ": 'sluice serve' at " + url + " did not take the passwords (HTTP "
                    + r.statusCode() + ": " + r.body() + ")");
        }
    }

    /** Serve's side: stores the values of a {@code POST /api/secrets} body; the number held. Errors show no value. */
    public static int accept(byte[] body, HandedSecrets into) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON; send {\"secrets\": [{\"host\", \"port\", "
                    + "\"user\", \"reference\", \"value\"}]}");
        }
        JsonNode list = root == null ? null : root.get("secrets");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("send {\"secrets\": [{\"host\", \"port\", \"user\", \"reference\", "
                    + "\"value\"}]}");
        }
        List<Runnable> puts = new ArrayList<>();
        for (JsonNode n : list) {
            for (String f : List.of("host", "port", "user", "reference", "value")) {
                if (!n.hasNonNull(f)) {
                    throw new IllegalArgumentException("secrets[]: field '" + f + "' is missing");
                }
            }
            EndpointSpec e = new EndpointSpec(n.get("host").asText(), n.get("port").asInt(), n.get("user").asText(),
                    n.get("reference").asText(), null, null);
            if (!SecretRef.isLocal(e.password())) {
                throw new IllegalArgumentException("secrets[]: reference '" + e.password() + "' is not env: or "
                        + "file:; only those are handed over");
            }
            String value = n.get("value").asText();
            puts.add(() -> into.put(e, value));
        }
        puts.forEach(Runnable::run);
        return puts.size();
    }
}
