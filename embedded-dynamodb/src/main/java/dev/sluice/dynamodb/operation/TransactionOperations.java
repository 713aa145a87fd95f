package dev.sluice.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dynamodb.DynamoException;
import dev.sluice.dynamodb.expression.DocumentPaths;
import dev.sluice.dynamodb.expression.ExpressionContext;
import dev.sluice.dynamodb.expression.Path;
import dev.sluice.dynamodb.storage.TableSchema;
import dev.sluice.dynamodb.storage.TableStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TransactWriteItems (all-or-nothing under the store's write lock, with per-item cancellation reasons) and
 * TransactGetItems (a consistent snapshot under the read lock). ClientRequestToken gives 10-minute idempotency.
 */
public final class TransactionOperations {
    static final int MAX_TRANSACTION_ITEMS = 100;
    private static final long TOKEN_TTL_MILLIS = 10 * 60 * 1000;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final TableStore store;
    private final ItemOperations items;
    private final Map<String, TokenEntry> tokens = new LinkedHashMap<>();

    private record TokenEntry(String requestFingerprint, long at) {
    }

    public TransactionOperations(TableStore store, ItemOperations items) {
        this.store = store;
        this.items = items;
    }

    public ObjectNode transactWriteItems(JsonNode req) {
        JsonNode list = transactItems(req);
        List<ItemOperations.PreparedWrite> writes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode entry : list) {
            if (entry.size() != 1) {
                throw DynamoException.validation("TransactItems can only contain one of Check, Put, Update or "
                        + "Delete");
            }
            String kind = entry.fieldNames().next();
            JsonNode op = entry.get(kind);
            ExpressionContext ctx = Requests.context(op);
            ItemOperations.PreparedWrite w = switch (kind) {
                case "Put" -> items.preparePut(op, ctx);
                case "Update" -> items.prepareUpdate(op, ctx);
                case "Delete" -> items.prepareDelete(op, ctx);
                case "ConditionCheck" -> items.prepareConditionCheck(op, ctx);
                default -> throw DynamoException.validation("Unknown transaction item " + kind
                        + "; expected one of ConditionCheck, Put, Update or Delete");
            };
            ctx.requireAllUsed();
            if (!seen.add(w.table.name() + "\u0000" + w.storageKey)) {
                throw DynamoException.validation("Transaction request cannot include multiple operations on one "
                        + "item");
            }
            writes.add(w);
        }
        String token = Requests.optString(req, "ClientRequestToken");
        String fingerprint = list.toString();
        return store.write(() -> {
            if (token != null && isReplay(token, fingerprint)) {
                return F.objectNode();
            }
            List<ObjectNode> newItems = new ArrayList<>();
            ArrayNode reasons = F.arrayNode();
            List<String> codes = new ArrayList<>();
            boolean failed = false;
            for (ItemOperations.PreparedWrite w : writes) {
                ObjectNode old = store.get(w.table, w.storageKey);
                ObjectNode reason = F.objectNode();
                try {
                    newItems.add(w.evaluate(old));
                    reason.put("Code", "None");
                } catch (DynamoException e) {
                    failed = true;
                    newItems.add(null);
                    reason.put("Code", e.shortCode().equals("ConditionalCheckFailed") ? "ConditionalCheckFailed"
                            : "ValidationError");
                    reason.put("Message", e.getMessage());
                    if (e.extra().has("Item")) {
                        reason.set("Item", e.extra().get("Item"));
                    }
                }
                codes.add(reason.get("Code").asText());
                reasons.add(reason);
            }
            if (failed) {
                ObjectNode extra = F.objectNode();
                extra.set("CancellationReasons", reasons);
                throw DynamoException.transactionCanceled("Transaction cancelled, please refer cancellation reasons "
                        + "for specific reasons " + codes, extra);
            }
            for (int i = 0; i < writes.size(); i++) {
                items.apply(writes.get(i), newItems.get(i));
            }
            if (token != null) {
                tokens.put(token, new TokenEntry(fingerprint, System.currentTimeMillis()));
            }
            return F.objectNode();
        });
    }

    /** Whether this token already committed the same request; a token reused for another request is an error. */
    private boolean isReplay(String token, String fingerprint) {
        long now = System.currentTimeMillis();
        tokens.values().removeIf(t -> now - t.at() > TOKEN_TTL_MILLIS);
        TokenEntry previous = tokens.get(token);
        if (previous == null) {
            return false;
        }
        if (!previous.requestFingerprint().equals(fingerprint)) {
            throw new DynamoException("com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException", 400,
                    "The request uses the same client token as a previous, but non-identical request.", null);
        }
        return true;
    }

    public ObjectNode transactGetItems(JsonNode req) {
        JsonNode list = transactItems(req);
        record Get(TableSchema table, String storageKey, List<Path> projection) {
        }
        List<Get> gets = new ArrayList<>();
        for (JsonNode entry : list) {
            JsonNode op = entry.get("Get");
            if (op == null || entry.size() != 1) {
                throw DynamoException.validation("TransactGetItems entries must contain exactly one Get");
            }
            TableSchema t = store.table(Requests.requireString(op, "TableName"));
            ExpressionContext ctx = new ExpressionContext(op.get("ExpressionAttributeNames"), null);
            List<Path> projection = Requests.projection(op, ctx);
            ctx.requireAllUsed();
            gets.add(new Get(t, t.storageKey(t.checkKey(op.get("Key"))), projection));
        }
        ArrayNode responses = F.arrayNode();
        store.read(() -> {
            for (Get g : gets) {
                ObjectNode item = store.get(g.table(), g.storageKey());
                ObjectNode r = responses.addObject();
                if (item != null) {
                    r.set("Item", g.projection() == null ? item : DocumentPaths.project(item, g.projection()));
                }
            }
            return null;
        });
        ObjectNode out = F.objectNode();
        out.set("Responses", responses);
        return out;
    }

    private static JsonNode transactItems(JsonNode req) {
        JsonNode list = req.get("TransactItems");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw DynamoException.validation("1 validation error detected: Value null at 'transactItems' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        if (list.size() > MAX_TRANSACTION_ITEMS) {
            throw DynamoException.validation("1 validation error detected: Value '[...]' at 'transactItems' failed "
                    + "to satisfy constraint: Member must have length less than or equal to 100");
        }
        return list;
    }
}
