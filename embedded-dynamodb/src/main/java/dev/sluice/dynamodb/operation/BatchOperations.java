package dev.sluice.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dynamodb.AttributeValues;
import dev.sluice.dynamodb.DynamoException;
import dev.sluice.dynamodb.expression.DocumentPaths;
import dev.sluice.dynamodb.expression.ExpressionContext;
import dev.sluice.dynamodb.expression.Path;
import dev.sluice.dynamodb.storage.TableSchema;
import dev.sluice.dynamodb.storage.TableStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** BatchWriteItem (up to 25 puts/deletes) and BatchGetItem (up to 100 keys); nothing is ever left unprocessed. */
public final class BatchOperations {
    static final int MAX_BATCH_WRITE = 25;
    static final int MAX_BATCH_GET = 100;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final TableStore store;

    public BatchOperations(TableStore store) {
        this.store = store;
    }

    private record Write(TableSchema table, String storageKey, ObjectNode item) {
    }

    public ObjectNode batchWriteItem(JsonNode req) {
        JsonNode requestItems = requireMap(req, "RequestItems");
        List<Write> writes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Iterator<Map.Entry<String, JsonNode>> tables = requestItems.fields();
        while (tables.hasNext()) {
            Map.Entry<String, JsonNode> e = tables.next();
            TableSchema t = store.table(e.getKey());
            if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                throw DynamoException.validation("1 validation error detected: Value at 'requestItems' failed to "
                        + "satisfy constraint: Map value must satisfy constraint: [Member must have length greater "
                        + "than or equal to 1]");
            }
            for (JsonNode w : e.getValue()) {
                ObjectNode key;
                ObjectNode item = null;
                if (w.has("PutRequest") && !w.has("DeleteRequest")) {
                    item = AttributeValues.validateItem(w.get("PutRequest").get("Item"), "Item");
                    key = t.keyOfItem(item);
                    Requests.checkItemSize(item, false);
                } else if (w.has("DeleteRequest") && !w.has("PutRequest")) {
                    key = t.checkKey(w.get("DeleteRequest").get("Key"));
                } else {
                    throw DynamoException.validation("Supplied AttributeValue has more than one datatypes set, must "
                            + "contain exactly one of PutRequest or DeleteRequest");
                }
                String sk = t.storageKey(key);
                if (!seen.add(t.name() + "\u0000" + sk)) {
                    throw DynamoException.validation("Provided list of item keys contains duplicates");
                }
                writes.add(new Write(t, sk, item));
            }
        }
        if (writes.size() > MAX_BATCH_WRITE) {
            throw DynamoException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy "
                    + "constraint: Map value must satisfy constraint: [Member must have length less than or equal "
                    + "to 25, Member must have length greater than or equal to 1]");
        }
        store.write(() -> {
            for (Write w : writes) {
                if (w.item() == null) {
                    store.delete(w.table(), w.storageKey());
                } else {
                    store.put(w.table(), w.storageKey(), w.item());
                }
            }
            return null;
        });
        ObjectNode out = F.objectNode();
        out.putObject("UnprocessedItems");
        return out;
    }

    public ObjectNode batchGetItem(JsonNode req) {
        JsonNode requestItems = requireMap(req, "RequestItems");
        record Get(TableSchema table, List<String> keys, List<Path> projection) {
        }
        List<Get> gets = new ArrayList<>();
        int total = 0;
        Iterator<Map.Entry<String, JsonNode>> tables = requestItems.fields();
        while (tables.hasNext()) {
            Map.Entry<String, JsonNode> e = tables.next();
            TableSchema t = store.table(e.getKey());
            JsonNode spec = e.getValue();
            Requests.rejectLegacy(spec, "AttributesToGet");
            ExpressionContext ctx = new ExpressionContext(spec.get("ExpressionAttributeNames"), null);
            List<Path> projection = Requests.projection(spec, ctx);
            ctx.requireAllUsed();
            List<String> keys = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            JsonNode keyList = spec.get("Keys");
            if (keyList == null || !keyList.isArray() || keyList.isEmpty()) {
                throw DynamoException.validation("1 validation error detected: Value at 'requestItems." + e.getKey()
                        + ".member.keys' failed to satisfy constraint: Member must have length greater than or "
                        + "equal to 1");
            }
            for (JsonNode k : keyList) {
                String sk = t.storageKey(t.checkKey(k));
                if (!seen.add(sk)) {
                    throw DynamoException.validation("Provided list of item keys contains duplicates");
                }
                keys.add(sk);
            }
            total += keys.size();
            gets.add(new Get(t, keys, projection));
        }
        if (total > MAX_BATCH_GET) {
            throw DynamoException.validation("Too many items requested for the BatchGetItem call");
        }
        ObjectNode responses = F.objectNode();
        store.read(() -> {
            for (Get g : gets) {
                ArrayNode items = responses.putArray(g.table().name());
                for (String k : g.keys()) {
                    ObjectNode item = store.get(g.table(), k);
                    if (item != null) {
                        items.add(g.projection() == null ? item : DocumentPaths.project(item, g.projection()));
                    }
                }
            }
            return null;
        });
        ObjectNode out = F.objectNode();
        out.set("Responses", responses);
        out.putObject("UnprocessedKeys");
        return out;
    }

    private static JsonNode requireMap(JsonNode req, String field) {
        JsonNode v = req.get(field);
        if (v == null || !v.isObject() || v.isEmpty()) {
            throw DynamoException.validation("1 validation error detected: Value null at '"
                    + Requests.lowerFirst(field) + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }
}
