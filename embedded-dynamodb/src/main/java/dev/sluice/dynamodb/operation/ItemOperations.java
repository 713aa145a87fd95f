package dev.sluice.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dynamodb.AttributeValues;
import dev.sluice.dynamodb.DynamoException;
import dev.sluice.dynamodb.expression.Condition;
import dev.sluice.dynamodb.expression.DocumentPaths;
import dev.sluice.dynamodb.expression.ExpressionContext;
import dev.sluice.dynamodb.expression.Path;
import dev.sluice.dynamodb.expression.UpdateAction;
import dev.sluice.dynamodb.expression.UpdateApplier;
import dev.sluice.dynamodb.expression.UpdateExpressionParser;
import dev.sluice.dynamodb.storage.TableSchema;
import dev.sluice.dynamodb.storage.TableStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** PutItem, GetItem, UpdateItem and DeleteItem, plus the write preparation they share with transactions. */
public final class ItemOperations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> RV_ALL = Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");
    private static final Set<String> RV_OLD = Set.of("NONE", "ALL_OLD");

    private final TableStore store;

    public ItemOperations(TableStore store) {
        this.store = store;
    }

    /** A validated single-item write (Put, Update, Delete or ConditionCheck) ready to run under the write lock. */
    static final class PreparedWrite {
        final String kind;
        final TableSchema table;
        final ObjectNode key;
        final String storageKey;
        final Condition condition;
        final ObjectNode putItem;
        final List<UpdateAction> updates;
        final boolean returnOldOnFailure;

        PreparedWrite(String kind, TableSchema table, ObjectNode key, Condition condition, ObjectNode putItem,
                      List<UpdateAction> updates, boolean returnOldOnFailure) {
            this.kind = kind;
            this.table = table;
            this.key = key;
            this.storageKey = table.storageKey(key);
            this.condition = condition;
            this.putItem = putItem;
            this.updates = updates;
            this.returnOldOnFailure = returnOldOnFailure;
        }

        /** Checks the condition against {@code old} and computes the new item (null = delete, old = unchanged). */
        ObjectNode evaluate(ObjectNode old) {
            ObjectNode subject = old == null ? F.objectNode() : old;
            if (condition != null && !condition.test(subject)) {
                throw DynamoException.conditionalCheckFailed(returnOldOnFailure ? old : null);
            }
            switch (kind) {
                case "Put":
                    return putItem;
                case "Delete":
                    return null;
                case "Update": {
                    ObjectNode base = old == null ? key.deepCopy() : old;
                    ObjectNode updated = UpdateApplier.apply(base, updates);
                    Requests.checkItemSize(updated, true);
                    return updated;
                }
                default:
                    return old;
            }
        }
    }

    PreparedWrite preparePut(JsonNode req, ExpressionContext ctx) {
        TableSchema t = store.table(Requests.requireString(req, "TableName"));
        Requests.rejectLegacy(req, "Expected", "ConditionalOperator");
        ObjectNode item = AttributeValues.validateItem(req.get("Item"), "Item");
        ObjectNode key = t.keyOfItem(item);
        Requests.checkItemSize(item, false);
        return new PreparedWrite("Put", t, key, Requests.condition(req, "ConditionExpression", ctx), item, null,
                failureReturnsOld(req));
    }

    PreparedWrite prepareUpdate(JsonNode req, ExpressionContext ctx) {
        TableSchema t = store.table(Requests.requireString(req, "TableName"));
        Requests.rejectLegacy(req, "Expected", "ConditionalOperator", "AttributeUpdates");
        ObjectNode key = t.checkKey(req.get("Key"));
        String text = Requests.optString(req, "UpdateExpression");
        List<UpdateAction> actions = text == null ? List.of() : UpdateExpressionParser.parse(text, ctx);
        for (UpdateAction a : actions) {
            if (t.isKeyAttribute(a.path().topLevel())) {
                throw DynamoException.validation("One or more parameter values were invalid: Cannot update "
                        + "attribute " + a.path().topLevel() + ". This attribute is part of the key");
            }
        }
        return new PreparedWrite("Update", t, key, Requests.condition(req, "ConditionExpression", ctx), null,
                actions, failureReturnsOld(req));
    }

    PreparedWrite prepareDelete(JsonNode req, ExpressionContext ctx) {
        TableSchema t = store.table(Requests.requireString(req, "TableName"));
        Requests.rejectLegacy(req, "Expected", "ConditionalOperator");
        ObjectNode key = t.checkKey(req.get("Key"));
        return new PreparedWrite("Delete", t, key, Requests.condition(req, "ConditionExpression", ctx), null, null,
                failureReturnsOld(req));
    }

    PreparedWrite prepareConditionCheck(JsonNode req, ExpressionContext ctx) {
        TableSchema t = store.table(Requests.requireString(req, "TableName"));
        ObjectNode key = t.checkKey(req.get("Key"));
        Condition c = Requests.condition(req, "ConditionExpression", ctx);
        if (c == null) {
            throw DynamoException.validation("1 validation error detected: Value null at "
                    + "'transactItems.member.conditionCheck.conditionExpression' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        return new PreparedWrite("ConditionCheck", t, key, c, null, null, failureReturnsOld(req));
    }

    private static boolean failureReturnsOld(JsonNode req) {
        return "ALL_OLD".equals(Requests.optEnum(req, "ReturnValuesOnConditionCheckFailure", "NONE",
                Set.of("NONE", "ALL_OLD")));
    }

    /** Applies a computed write; caller holds the write lock. */
    void apply(PreparedWrite w, ObjectNode newItem) {
        if (w.kind.equals("ConditionCheck")) {
            return;
        }
        if (newItem == null) {
            store.delete(w.table, w.storageKey);
        } else {
            store.put(w.table, w.storageKey, newItem);
        }
    }

    public ObjectNode putItem(JsonNode req) {
        ExpressionContext ctx = Requests.context(req);
        return runReturningOld(req, ctx, preparePut(req, ctx));
    }

    public ObjectNode deleteItem(JsonNode req) {
        ExpressionContext ctx = Requests.context(req);
        return runReturningOld(req, ctx, prepareDelete(req, ctx));
    }

    /** Runs a put or delete whose ReturnValues may only be NONE or ALL_OLD. */
    private ObjectNode runReturningOld(JsonNode req, ExpressionContext ctx, PreparedWrite w) {
        String rv = Requests.optEnum(req, "ReturnValues", "NONE", RV_ALL);
        if (!RV_OLD.contains(rv)) {
            throw DynamoException.validation("ReturnValues can only be ALL_OLD or NONE");
        }
        ctx.requireAllUsed();
        ObjectNode old = runSingle(w);
        return attributes(rv.equals("ALL_OLD") ? old : null);
    }

    public ObjectNode updateItem(JsonNode req) {
        ExpressionContext ctx = Requests.context(req);
        PreparedWrite w = prepareUpdate(req, ctx);
        String rv = Requests.optEnum(req, "ReturnValues", "NONE", RV_ALL);
        ctx.requireAllUsed();
        ObjectNode[] result = new ObjectNode[2];
        store.write(() -> {
            ObjectNode old = store.get(w.table, w.storageKey);
            ObjectNode updated = w.evaluate(old);
            apply(w, updated);
            result[0] = old;
            result[1] = updated;
            return null;
        });
        List<Path> updatedPaths = new ArrayList<>();
        w.updates.forEach(a -> updatedPaths.add(a.path()));
        ObjectNode out = switch (rv) {
            case "ALL_OLD" -> result[0];
            case "ALL_NEW" -> result[1];
            case "UPDATED_OLD" -> result[0] == null ? null : DocumentPaths.project(result[0], updatedPaths);
            case "UPDATED_NEW" -> DocumentPaths.project(result[1], updatedPaths);
            default -> null;
        };
        return attributes(out == null || out.isEmpty() ? null : out);
    }

    private ObjectNode runSingle(PreparedWrite w) {
        return store.write(() -> {
            ObjectNode old = store.get(w.table, w.storageKey);
            apply(w, w.evaluate(old));
            return old;
        });
    }

    private static ObjectNode attributes(ObjectNode item) {
        ObjectNode out = F.objectNode();
        if (item != null) {
            out.set("Attributes", item);
        }
        return out;
    }

    public ObjectNode getItem(JsonNode req) {
        TableSchema t = store.table(Requests.requireString(req, "TableName"));
        Requests.rejectLegacy(req, "AttributesToGet");
        ExpressionContext ctx = Requests.context(req);
        ObjectNode key = t.checkKey(req.get("Key"));
        List<Path> projection = Requests.projection(req, ctx);
        ctx.requireAllUsed();
        ObjectNode item = store.read(() -> store.get(t, t.storageKey(key)));
        ObjectNode out = F.objectNode();
        if (item != null) {
            out.set("Item", projection == null ? item : DocumentPaths.project(item, projection));
        }
        return out;
    }
}
