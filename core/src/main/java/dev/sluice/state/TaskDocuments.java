package dev.sluice.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * JSON documents stored with a task ({@code TASK#<id>/<sk>}, attribute {@code doc}): precheck results, the schema
 * report, per-table progress and reports. A document must stay under DynamoDB's 400 KB item limit; callers split
 * large results across several sort keys (one per table, say).
 */
public class TaskDocuments {
    /** Leaves room for the key and bookkeeping attributes inside the 400 KB item limit. */
    public static final int MAX_DOCUMENT_BYTES = 380 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final StateTable table;

    public TaskDocuments(StateTable table) {
        this.table = table;
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /** Writes (or overwrites) a document. */
    public void put(String taskId, String sk, Object document) {
        String text;
        try {
            text = JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("document " + sk + " cannot be written as JSON", e);
        }
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_DOCUMENT_BYTES) {
            throw new IllegalArgumentException("document " + sk + " of task " + taskId + " is " + size
                    + " bytes, over the " + MAX_DOCUMENT_BYTES + " bytes a state-table item can hold; split it");
        }
        String pk = Tasks.pk(taskId);
        long version = table.get(pk, sk).map(Item::version).orElse(0L);
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> attrs = Map.of(
                "doc", StateTable.s(text), "updatedAt", StateTable.s(Instant.now().toString()));
        while (!table.replace(pk, sk, attrs, version)) {
            version = table.get(pk, sk).map(Item::version).orElse(0L);
        }
    }

    public Optional<JsonNode> get(String taskId, String sk) {
        return table.get(Tasks.pk(taskId), sk).filter(i -> i.has("doc")).map(i -> parse(i.str("doc")));
    }

    public <T> Optional<T> get(String taskId, String sk, Class<T> type) {
        return get(taskId, sk).map(n -> JSON.convertValue(n, type));
    }

    /** All documents whose sort key starts with the prefix, in key order. */
    public java.util.List<JsonNode> list(String taskId, String skPrefix) {
        return table.query(Tasks.pk(taskId), skPrefix).stream().filter(i -> i.has("doc"))
                .map(i -> parse(i.str("doc"))).toList();
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored document is not JSON", e);
        }
    }
}
