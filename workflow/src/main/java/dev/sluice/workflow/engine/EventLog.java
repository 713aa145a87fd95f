package dev.sluice.workflow.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.workflow.store.ExecutionStore;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** Appends Step Functions history events (id, previousEventId, timestamp, type, *EventDetails) for one execution. */
public final class EventLog {
    /** AWS's payload limit: larger inputs/outputs in history events are truncated and flagged. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    private final ExecutionStore store;
    private final String executionArn;
    private final AtomicLong lastId;

    public EventLog(ExecutionStore store, String executionArn, long lastId) {
        this.store = store;
        this.executionArn = executionArn;
        this.lastId = new AtomicLong(lastId);
    }

    /** A fresh details object. */
    public static ObjectNode details() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Appends an event; {@code previousEventId} links it to the last event of the same thread of control. */
    public long append(long previousEventId, String type, ObjectNode details) {
        long id = lastId.incrementAndGet();
        ObjectNode ev = JsonNodeFactory.instance.objectNode();
        ev.put("id", id);
        ev.put("previousEventId", previousEventId);
        ev.put("timestamp", System.currentTimeMillis());
        ev.put("type", type);
        if (details != null) {
            ev.set(detailsKey(type), details);
        }
        store.appendEvent(executionArn, ev);
        return id;
    }

    long append(Frame f, String type, ObjectNode details) {
        synchronized (f) {
            long id = append(f.lastEventId, type, details);
            f.lastEventId = id;
            return id;
        }
    }

    public long lastId() {
        return lastId.get();
    }

    /** Puts a payload (input/output) into event details, truncated to 256 KB with {field}Details.truncated = true. */
    public static ObjectNode payload(ObjectNode details, String field, String json) {
        boolean truncated = false;
        String value = json;
        if (json != null && json.length() > MAX_PAYLOAD_BYTES / 4
                && json.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            value = json.substring(0, Math.min(json.length(), MAX_PAYLOAD_BYTES / 4)) + "...[truncated]";
            truncated = true;
        }
        details.put(field, value);
        details.putObject(field + "Details").put("truncated", truncated);
        return details;
    }

    /** The *EventDetails member name for an event type, as in the Step Functions API. */
    static String detailsKey(String type) {
        String base;
        if (type.endsWith("StateEntered")) {
            base = "stateEntered";
        } else if (type.endsWith("StateExited")) {
            base = "stateExited";
        } else {
            base = Character.toLowerCase(type.charAt(0)) + type.substring(1);
        }
        return base + "EventDetails";
    }
}
