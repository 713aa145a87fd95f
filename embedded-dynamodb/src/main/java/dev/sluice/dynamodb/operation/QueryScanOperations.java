package dev.sluice.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dynamodb.AttributeValues;
import dev.sluice.dynamodb.DynamoException;
import dev.sluice.dynamodb.expression.Condition;
import dev.sluice.dynamodb.expression.DocumentPaths;
import dev.sluice.dynamodb.expression.ExpressionContext;
import dev.sluice.dynamodb.expression.Operand;
import dev.sluice.dynamodb.expression.Path;
import dev.sluice.dynamodb.storage.TableSchema;
import dev.sluice.dynamodb.storage.TableStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Query and Scan: key conditions, filters, projection, Limit, 1 MB pages and ExclusiveStartKey paging. */
public final class QueryScanOperations {
    static final long MAX_PAGE_BYTES = 1024 * 1024;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> SELECT = Set.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES",
            "SPECIFIC_ATTRIBUTES", "COUNT");

    private final TableStore store;

    public QueryScanOperations(TableStore store) {
        this.store = store;
    }

    /** The common read options of Query and Scan. */
    private record ReadOptions(Condition filter, List<Path> projection, boolean countOnly, int limit) {
    }

    private ReadOptions readOptions(JsonNode req, ExpressionContext ctx) {
        if (req.hasNonNull("IndexName")) {
            throw DynamoException.validation("The Sluice embedded DynamoDB does not support secondary indexes; "
                    + "IndexName " + req.get("IndexName").asText() + " cannot be used");
        }
        Condition filter = Requests.condition(req, "FilterExpression", ctx);
        List<Path> projection = Requests.projection(req, ctx);
        String select = Requests.optEnum(req, "Select", projection == null ? "ALL_ATTRIBUTES"
                : "SPECIFIC_ATTRIBUTES", SELECT);
        if (select.equals("ALL_PROJECTED_ATTRIBUTES")) {
            throw DynamoException.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an "
                    + "IndexName");
        }
        if (projection != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
            throw DynamoException.validation("Cannot specify the ProjectionExpression when choosing to get "
                    + select);
        }
        int limit = Integer.MAX_VALUE;
        if (req.hasNonNull("Limit")) {
            limit = req.get("Limit").asInt();
            if (limit < 1) {
                throw DynamoException.validation("1 validation error detected: Value '" + limit + "' at 'limit' "
                        + "failed to satisfy constraint: Member must have value greater than or equal to 1");
            }
        }
        return new ReadOptions(filter, projection, select.equals("COUNT"), limit);
    }

    public ObjectNode query(JsonNode req) {
        TableSchema t = store.table(Requests.requireString(req, "TableName"));
        Requests.rejectLegacy(req, "KeyConditions", "QueryFilter", "AttributesToGet", "ConditionalOperator");
        ExpressionContext ctx = Requests.context(req);
        String kce = Requests.optString(req, "KeyConditionExpression");
        if (kce == null) {
            throw DynamoException.validation("Either the KeyConditions or KeyConditionExpression parameter must be "
                    + "specified in the request.");
        }
        KeyCondition key = KeyCondition.analyse(t,
                dev.sluice.dynamodb.expression.ConditionExpressionParser.parse("KeyConditionExpression", kce, ctx));
        ReadOptions opts = readOptions(req, ctx);
        checkFilterHasNoKeys(t, req, opts);
        boolean forward = !req.has("ScanIndexForward") || req.get("ScanIndexForward").asBoolean(true);
        ObjectNode startKey = req.hasNonNull("ExclusiveStartKey") ? t.checkKey(req.get("ExclusiveStartKey")) : null;
        ctx.requireAllUsed();
        if (startKey != null && !AttributeValues.equal(startKey.get(t.hashKey()), key.hashValue())) {
            throw DynamoException.validation("The provided starting key is invalid: The provided key element does "
                    + "not match the schema");
        }
        List<ObjectNode> candidates = store.read(() -> store.itemsWithPrefix(t, t.hashPrefix(key.hashValue())));
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode item : candidates) {
            if (key.rangeCondition() == null || key.rangeCondition().test(item)) {
                matching.add(item);
            }
        }
        if (t.hasRange()) {
            Comparator<ObjectNode> byRange = (a, b) -> AttributeValues.compare(a.get(t.rangeKey()),
                    b.get(t.rangeKey()));
            matching.sort(forward ? byRange : byRange.reversed());
            if (startKey != null) {
                JsonNode start = startKey.get(t.rangeKey());
                matching.removeIf(i -> {
                    int c = AttributeValues.compare(i.get(t.rangeKey()), start);
                    return forward ? c <= 0 : c >= 0;
                });
            }
        } else if (startKey != null) {
            matching.clear();
        }
        return page(t, matching.iterator(), opts);
    }

    public ObjectNode scan(JsonNode req) {
        TableSchema t = store.table(Requests.requireString(req, "TableName"));
        Requests.rejectLegacy(req, "ScanFilter", "AttributesToGet", "ConditionalOperator");
        ExpressionContext ctx = Requests.context(req);
        ReadOptions opts = readOptions(req, ctx);
        ObjectNode startKey = req.hasNonNull("ExclusiveStartKey") ? t.checkKey(req.get("ExclusiveStartKey")) : null;
        int totalSegments = req.hasNonNull("TotalSegments") ? req.get("TotalSegments").asInt() : 1;
        int segment = req.hasNonNull("Segment") ? req.get("Segment").asInt() : 0;
        if (req.hasNonNull("TotalSegments") != req.hasNonNull("Segment")) {
            throw DynamoException.validation("The TotalSegments parameter is required but was not present in the "
                    + "request when Segment parameter is present");
        }
        if (totalSegments < 1 || totalSegments > 1000000 || segment < 0 || segment >= totalSegments) {
            throw DynamoException.validation("The Segment parameter is zero-based and must be less than parameter "
                    + "TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + totalSegments);
        }
        ctx.requireAllUsed();
        return store.read(() -> {
            Iterator<Map.Entry<String, String>> entries =
                    store.entriesAfter(t, startKey == null ? null : t.storageKey(startKey));
            Iterator<ObjectNode> items = new Iterator<>() {
                ObjectNode nextItem = advance();

                private ObjectNode advance() {
                    while (entries.hasNext()) {
                        Map.Entry<String, String> e = entries.next();
                        if (totalSegments == 1 || segmentOf(t, e.getKey(), totalSegments) == segment) {
                            return store.parse(e.getValue());
                        }
                    }
                    return null;
                }

                @Override
                public boolean hasNext() {
                    return nextItem != null;
                }

                @Override
                public ObjectNode next() {
                    ObjectNode r = nextItem;
                    nextItem = advance();
                    return r;
                }
            };
            return page(t, items, opts);
        });
    }

    private static int segmentOf(TableSchema t, String storageKey, int totalSegments) {
        String hashPart = storageKey.substring(0, storageKey.indexOf(':') + 1
                + Integer.parseInt(storageKey.substring(0, storageKey.indexOf(':'))));
        return Math.floorMod(hashPart.hashCode(), totalSegments);
    }

    /** Reads items until Limit or 1 MB, applies the filter and projection, and sets LastEvaluatedKey. */
    private ObjectNode page(TableSchema t, Iterator<ObjectNode> items, ReadOptions opts) {
        ArrayNode out = F.arrayNode();
        int scanned = 0;
        int count = 0;
        long bytes = 0;
        ObjectNode last = null;
        while (items.hasNext() && scanned < opts.limit() && bytes < MAX_PAGE_BYTES) {
            ObjectNode item = items.next();
            scanned++;
            bytes += AttributeValues.itemSize(item);
            last = item;
            if (opts.filter() != null && !opts.filter().test(item)) {
                continue;
            }
            count++;
            if (!opts.countOnly()) {
                out.add(opts.projection() == null ? item : DocumentPaths.project(item, opts.projection()));
            }
        }
        ObjectNode resp = F.objectNode();
        if (!opts.countOnly()) {
            resp.set("Items", out);
        }
        resp.put("Count", count).put("ScannedCount", scanned);
        if (last != null && items.hasNext()) {
            resp.set("LastEvaluatedKey", t.keyOf(last));
        }
        return resp;
    }

    private static void checkFilterHasNoKeys(TableSchema t, JsonNode req, ReadOptions opts) {
        // DynamoDB rejects key attributes in a Query filter; detect them by scanning the filter's paths.
        if (opts.filter() == null) {
            return;
        }
        for (String attr : KeyCondition.topLevelAttributes(opts.filter())) {
            if (t.isKeyAttribute(attr)) {
                throw DynamoException.validation("Filter Expression can only contain non-primary key attributes: "
                        + "Primary key attribute: " + attr);
            }
        }
    }

    /** The analysed KeyConditionExpression: the hash value and an optional range-key predicate. */
    record KeyCondition(JsonNode hashValue, Condition rangeCondition) {
        static KeyCondition analyse(TableSchema t, Condition c) {
            List<Condition> parts = new ArrayList<>();
            flattenAnd(c, parts);
            JsonNode hash = null;
            Condition range = null;
            for (Condition p : parts) {
                String attr = keyAttribute(p);
                if (attr.equals(t.hashKey())) {
                    if (!(p instanceof Condition.Compare cmp) || cmp.op() != Condition.Comparator.EQ || hash != null) {
                        throw DynamoException.validation("Query key condition not supported");
                    }
                    hash = ((Operand.Literal) cmp.right()).value();
                    if (!AttributeValues.type(hash).equals(t.hashType())) {
                        throw DynamoException.validation("One or more parameter values were invalid: Condition "
                                + "parameter type does not match schema type");
                    }
                    refuseEmpty(hash, attr);
                } else if (attr.equals(t.rangeKey())) {
                    if (range != null || (p instanceof Condition.Compare cmp && cmp.op() == Condition.Comparator.NE)) {
                        throw DynamoException.validation("Query key condition not supported");
                    }
                    checkRangeOperands(t, p);
                    range = p;
                } else {
                    throw DynamoException.validation("Query condition missed key schema element: KeyConditionExpression "
                            + "may only use primary key attributes, found: " + attr);
                }
            }
            if (hash == null) {
                throw DynamoException.validation("Query condition missed key schema element: " + t.hashKey());
            }
            return new KeyCondition(hash, range);
        }

        /** Range-key operands must have the key's type; begins_with needs a string or binary key. */
        private static void checkRangeOperands(TableSchema t, Condition p) {
            List<Operand> values = new ArrayList<>();
            if (p instanceof Condition.Compare cmp) {
                values.add(cmp.right());
            } else if (p instanceof Condition.Between b) {
                values.add(b.low());
                values.add(b.high());
            } else if (p instanceof Condition.BeginsWith bw) {
                if (t.rangeType().equals("N")) {
                    throw DynamoException.validation("Invalid KeyConditionExpression: Incorrect operand type for "
                            + "operator or function; operator or function: begins_with, operand type: N");
                }
                values.add(bw.prefix());
            }
            for (Operand v : values) {
                if (!AttributeValues.type(((Operand.Literal) v).value()).equals(t.rangeType())) {
                    throw DynamoException.validation("One or more parameter values were invalid: Condition "
                            + "parameter type does not match schema type");
                }
                refuseEmpty(((Operand.Literal) v).value(), t.rangeKey());
            }
        }

        /** DynamoDB refuses empty strings and binaries as key values, in key conditions as in items. */
        private static void refuseEmpty(JsonNode value, String attr) {
            String type = AttributeValues.type(value);
            if ((type.equals("S") || type.equals("B")) && AttributeValues.payload(value).asText().isEmpty()) {
                throw DynamoException.validation("One or more parameter values are not valid. The AttributeValue for "
                        + "a key attribute cannot contain an empty " + (type.equals("S") ? "string" : "binary")
                        + " value. Key: " + attr);
            }
        }

        private static void flattenAnd(Condition c, List<Condition> out) {
            if (c instanceof Condition.And and) {
                flattenAnd(and.left(), out);
                flattenAnd(and.right(), out);
            } else {
                out.add(c);
            }
        }

        /** The key attribute a key-condition leaf constrains; only path-op-value shapes are allowed. */
        private static String keyAttribute(Condition p) {
            Operand subject;
            List<Operand> values = new ArrayList<>();
            if (p instanceof Condition.Compare cmp) {
                subject = cmp.left();
                values.add(cmp.right());
            } else if (p instanceof Condition.Between b) {
                subject = b.value();
                values.add(b.low());
                values.add(b.high());
            } else if (p instanceof Condition.BeginsWith bw) {
                subject = bw.value();
                values.add(bw.prefix());
            } else {
                throw DynamoException.validation("Invalid operator used in KeyConditionExpression: "
                        + p.getClass().getSimpleName().toUpperCase());
            }
            if (!(subject instanceof Operand.PathRef ref) || !ref.path().isTopLevel()) {
                throw DynamoException.validation("Invalid KeyConditionExpression: the left operand must be a "
                        + "top-level key attribute name");
            }
            for (Operand v : values) {
                if (!(v instanceof Operand.Literal)) {
                    throw DynamoException.validation("Invalid KeyConditionExpression: the right operand must be an "
                            + "expression attribute value");
                }
            }
            return ref.path().topLevel();
        }

        /** Top-level attribute names referenced anywhere in a condition. */
        static List<String> topLevelAttributes(Condition c) {
            List<String> out = new ArrayList<>();
            collect(c, out);
            return out;
        }

        private static void collect(Object node, List<String> out) {
            if (node instanceof Operand.PathRef r) {
                out.add(r.path().topLevel());
            } else if (node instanceof Operand.Size s) {
                out.add(s.path().topLevel());
            } else if (node instanceof Condition.Exists e) {
                out.add(e.path().topLevel());
            } else if (node instanceof Condition.AttributeType at) {
                out.add(at.path().topLevel());
            } else if (node instanceof Condition.Compare c) {
                collect(c.left(), out);
                collect(c.right(), out);
            } else if (node instanceof Condition.Between b) {
                collect(b.value(), out);
                collect(b.low(), out);
                collect(b.high(), out);
            } else if (node instanceof Condition.In in) {
                collect(in.value(), out);
                in.candidates().forEach(x -> collect(x, out));
            } else if (node instanceof Condition.And a) {
                collect(a.left(), out);
                collect(a.right(), out);
            } else if (node instanceof Condition.Or o) {
                collect(o.left(), out);
                collect(o.right(), out);
            } else if (node instanceof Condition.Not n) {
                collect(n.inner(), out);
            } else if (node instanceof Condition.BeginsWith bw) {
                collect(bw.value(), out);
                collect(bw.prefix(), out);
            } else if (node instanceof Condition.Contains ct) {
                collect(ct.container(), out);
                collect(ct.operand(), out);
            }
        }
    }
}
