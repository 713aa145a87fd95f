package dev.sluice.workflow.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * {@link ExecutionStore} in one DynamoDB table (pk/sk, numeric {@code version} for optimistic concurrency).
 * Items: {@code SM#<name>/META} state machine; {@code SMLIST/SM#<name>} state machine listing;
 * {@code EXEC#<arn>/META} execution (plus {@code /DEFINITION} and, for big results, {@code /OUTPUT});
 * {@code EXEC#<arn>/EVENT#<000000000001>} history; {@code EXEC#<arn>/FRAME#<frameId>} resume continuations;
 * {@code SMEXEC#<smArn>/<startDate>#<name>} execution listing; {@code EXECRUNNING/<arn>} running index.
 */
public final class DynamoDbExecutionStore implements ExecutionStore {
    private static final Logger LOG = Logger.getLogger(DynamoDbExecutionStore.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** Beyond this many bytes of input + output, the output moves to its own item to stay under 400 KB. */
    private static final int INLINE_RESULT_LIMIT = 300 * 1024;
    private static final String RUNNING_PK = "EXECRUNNING";
    private static final String SMLIST_PK = "SMLIST";

    private final DynamoDbClient ddb;
    private final String table;

    public DynamoDbExecutionStore(DynamoDbClient ddb, String table) {
        this.ddb = ddb;
        this.table = table;
    }

    @Override
    public void ensureTable() {
        try {
            ddb.describeTable(b -> b.tableName(table));
        } catch (ResourceNotFoundException e) {
            LOG.infof("Creating DynamoDB table %s (PAY_PER_REQUEST)", table);
            try {
                ddb.createTable(b -> b.tableName(table)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                                AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                                AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                        .keySchema(
                                KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
            } catch (ResourceInUseException race) {
                LOG.debugf("Table %s was created concurrently", table);
            }
        }
        for (int i = 0; i < 600; i++) {
            TableStatus status = ddb.describeTable(b -> b.tableName(table)).table().tableStatus();
            if (status == TableStatus.ACTIVE) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for table " + table + " to become ACTIVE", e);
            }
        }
        throw new IllegalStateException("table " + table + " did not become ACTIVE within 60 s");
    }

    // ------------------------------------------------------------------ state machines

    @Override
    public boolean createStateMachine(StateMachineRecord r) {
        Map<String, AttributeValue> item = smItem(r, 1);
        if (!putIfAbsent(item)) {
            return false;
        }
        Map<String, AttributeValue> list = new HashMap<>();
        list.put("pk", s(SMLIST_PK));
        list.put("sk", s("SM#" + r.name()));
        list.put("name", s(r.name()));
        list.put("arn", s(r.arn()));
        list.put("type", s(r.type()));
        list.put("createdAt", s(ISO.format(r.createdAt())));
        list.put("version", n(1));
        ddb.putItem(b -> b.tableName(table).item(list));
        return true;
    }

    @Override
    public StateMachineRecord updateStateMachine(StateMachineRecord r) {
        putIfVersion(smItem(r, r.version() + 1), r.version(), "state machine " + r.name());
        return new StateMachineRecord(r.name(), r.arn(), r.definition(), r.roleArn(), r.type(), r.createdAt(),
                r.updatedAt(), r.version() + 1);
    }

    private static Map<String, AttributeValue> smItem(StateMachineRecord r, long version) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("SM#" + r.name()));
        item.put("sk", s("META"));
        item.put("name", s(r.name()));
        item.put("arn", s(r.arn()));
        item.put("definition", s(r.definition()));
        putIf(item, "roleArn", r.roleArn());
        item.put("type", s(r.type()));
        item.put("createdAt", s(ISO.format(r.createdAt())));
        item.put("updatedAt", s(ISO.format(r.updatedAt())));
        item.put("version", n(version));
        return item;
    }

    @Override
    public Optional<StateMachineRecord> stateMachine(String name) {
        Map<String, AttributeValue> item = get("SM#" + name, "META");
        if (item == null) {
            return Optional.empty();
        }
        return Optional.of(new StateMachineRecord(str(item, "name"), str(item, "arn"), str(item, "definition"),
                str(item, "roleArn"), str(item, "type"), instant(item, "createdAt"), instant(item, "updatedAt"),
                num(item, "version")));
    }

    @Override
    public Page<StateMachineRecord> listStateMachines(int maxResults, String nextToken) {
        Page<Map<String, AttributeValue>> page = query(SMLIST_PK, "SM#", true, nextToken, maxResults, i -> true, false);
        List<StateMachineRecord> out = new ArrayList<>();
        for (Map<String, AttributeValue> i : page.items()) {
            Instant created = instant(i, "createdAt");
            out.add(new StateMachineRecord(str(i, "name"), str(i, "arn"), null, null, str(i, "type"), created, created,
                    num(i, "version")));
        }
        return new Page<>(out, page.nextToken());
    }

    // ------------------------------------------------------------------ executions

    @Override
    public boolean createExecution(ExecutionRecord r) {
        if (!putIfAbsent(execItem(r, 1))) {
            return false;
        }
        Map<String, AttributeValue> def = new HashMap<>();
        def.put("pk", s("EXEC#" + r.arn()));
        def.put("sk", s("DEFINITION"));
        def.put("definition", s(r.definition()));
        def.put("version", n(1));
        ddb.putItem(b -> b.tableName(table).item(def));
        ddb.putItem(b -> b.tableName(table).item(listingItem(r, 1)));
        Map<String, AttributeValue> idx = new HashMap<>();
        idx.put("pk", s(RUNNING_PK));
        idx.put("sk", s(r.arn()));
        idx.put("version", n(1));
        ddb.putItem(b -> b.tableName(table).item(idx));
        return true;
    }

    private static Map<String, AttributeValue> execItem(ExecutionRecord r, long version) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("EXEC#" + r.arn()));
        item.put("sk", s("META"));
        item.put("executionArn", s(r.arn()));
        item.put("name", s(r.name()));
        item.put("stateMachineArn", s(r.stateMachineArn()));
        item.put("status", s(r.status()));
        item.put("input", s(r.input()));
        if (r.output() != null) {
            if (bytes(r.input()) + bytes(r.output()) > INLINE_RESULT_LIMIT) {
                item.put("outputInItem", AttributeValue.fromBool(true));
            } else {
                item.put("output", s(r.output()));
            }
        }
        putIf(item, "error", r.error());
        putIf(item, "cause", truncate(r.cause(), 32 * 1024));
        item.put("startDate", s(ISO.format(r.startDate())));
        if (r.stopDate() != null) {
            item.put("stopDate", s(ISO.format(r.stopDate())));
        }
        item.put("version", n(version));
        return item;
    }

    private static Map<String, AttributeValue> listingItem(ExecutionRecord r, long version) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("SMEXEC#" + r.stateMachineArn()));
        item.put("sk", s(ISO.format(r.startDate()) + "#" + r.name()));
        item.put("executionArn", s(r.arn()));
        item.put("name", s(r.name()));
        item.put("stateMachineArn", s(r.stateMachineArn()));
        item.put("status", s(r.status()));
        item.put("startDate", s(ISO.format(r.startDate())));
        if (r.stopDate() != null) {
            item.put("stopDate", s(ISO.format(r.stopDate())));
        }
        item.put("version", n(version));
        return item;
    }

    @Override
    public Optional<ExecutionRecord> execution(String arn) {
        Map<String, AttributeValue> item = get("EXEC#" + arn, "META");
        if (item == null) {
            return Optional.empty();
        }
        String output = str(item, "output");
        if (item.containsKey("outputInItem")) {
            Map<String, AttributeValue> out = get("EXEC#" + arn, "OUTPUT");
            output = out == null ? null : str(out, "output");
        }
        return Optional.of(fromExecItem(item, output, null));
    }

    @Override
    public String executionDefinition(String arn) {
        Map<String, AttributeValue> def = get("EXEC#" + arn, "DEFINITION");
        if (def == null) {
            throw new IllegalStateException("execution " + arn + " has no stored definition (item EXEC#" + arn
                    + " / DEFINITION is missing)");
        }
        return str(def, "definition");
    }

    private static ExecutionRecord fromExecItem(Map<String, AttributeValue> item, String output, String definition) {
        return new ExecutionRecord(str(item, "executionArn"), str(item, "name"), str(item, "stateMachineArn"),
                str(item, "status"), str(item, "input"), output, str(item, "error"), str(item, "cause"),
                instant(item, "startDate"), instant(item, "stopDate"), definition, num(item, "version"));
    }

    @Override
    public ExecutionRecord updateExecution(ExecutionRecord r) {
        Map<String, AttributeValue> item = execItem(r, r.version() + 1);
        if (item.containsKey("outputInItem")) {
            Map<String, AttributeValue> out = new HashMap<>();
            out.put("pk", s("EXEC#" + r.arn()));
            out.put("sk", s("OUTPUT"));
            out.put("output", s(r.output()));
            out.put("version", n(r.version() + 1));
            ddb.putItem(b -> b.tableName(table).item(out));
        }
        putIfVersion(item, r.version(), "execution " + r.arn());
        try {
            putIfVersion(listingItem(r, r.version() + 1), r.version(), "execution listing of " + r.arn());
        } catch (StoreConflictException e) {
            // The listing item only mirrors META; bring it in line unconditionally.
            ddb.putItem(b -> b.tableName(table).item(listingItem(r, r.version() + 1)));
        }
        if (!r.isRunning()) {
            ddb.deleteItem(b -> b.tableName(table).key(key(RUNNING_PK, r.arn())));
        }
        return new ExecutionRecord(r.arn(), r.name(), r.stateMachineArn(), r.status(), r.input(), r.output(), r.error(),
                r.cause(), r.startDate(), r.stopDate(), r.definition(), r.version() + 1);
    }

    @Override
    public Page<ExecutionRecord> listExecutions(String stateMachineArn, String statusFilter, int maxResults,
                                                String nextToken) {
        Predicate<Map<String, AttributeValue>> filter = statusFilter == null ? i -> true
                : i -> statusFilter.equals(str(i, "status"));
        Page<Map<String, AttributeValue>> page = query("SMEXEC#" + stateMachineArn, "", false, nextToken, maxResults,
                filter, false);
        List<ExecutionRecord> out = new ArrayList<>();
        for (Map<String, AttributeValue> i : page.items()) {
            out.add(new ExecutionRecord(str(i, "executionArn"), str(i, "name"), str(i, "stateMachineArn"),
                    str(i, "status"), null, null, null, null, instant(i, "startDate"), instant(i, "stopDate"), null,
                    num(i, "version")));
        }
        return new Page<>(out, page.nextToken());
    }

    @Override
    public List<String> runningExecutions() {
        List<String> arns = new ArrayList<>();
        for (Map<String, AttributeValue> i : queryAll(RUNNING_PK, "", true, true)) {
            arns.add(str(i, "sk"));
        }
        return arns;
    }

    // ------------------------------------------------------------------ history

    @Override
    public void appendEvent(String executionArn, ObjectNode event) {
        Map<String, AttributeValue> item = new HashMap<>();
        long id = event.get("id").asLong();
        item.put("pk", s("EXEC#" + executionArn));
        item.put("sk", s(eventSk(id)));
        item.put("id", n(id));
        item.put("type", s(event.get("type").asText()));
        item.put("event", s(event.toString()));
        item.put("version", n(1));
        ddb.putItem(b -> b.tableName(table).item(item));
    }

    private static String eventSk(long id) {
        return String.format("EVENT#%012d", id);
    }

    @Override
    public long lastEventId(String executionArn) {
        QueryResponse r = ddb.query(QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":pk", s("EXEC#" + executionArn), ":p", s("EVENT#")))
                .scanIndexForward(false).limit(1).build());
        return r.items().isEmpty() ? 0 : num(r.items().get(0), "id");
    }

    @Override
    public Page<ObjectNode> history(String executionArn, int maxResults, String nextToken, boolean reverseOrder) {
        Page<Map<String, AttributeValue>> page = query("EXEC#" + executionArn, "EVENT#", !reverseOrder, nextToken,
                maxResults, i -> true, false);
        List<ObjectNode> out = new ArrayList<>();
        for (Map<String, AttributeValue> i : page.items()) {
            try {
                out.add((ObjectNode) MAPPER.readTree(str(i, "event")));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("history event " + str(i, "sk") + " of " + executionArn + " is corrupt", e);
            }
        }
        return new Page<>(out, page.nextToken());
    }

    // ------------------------------------------------------------------ frames

    @Override
    public FrameRecord saveFrame(String executionArn, FrameRecord f) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("EXEC#" + executionArn));
        item.put("sk", s("FRAME#" + f.frameId()));
        item.put("frameId", s(f.frameId()));
        item.put("status", s(f.status()));
        putIf(item, "state", f.state());
        putIf(item, "input", f.input());
        item.put("step", n(f.step()));
        if (f.enteredTime() != null) {
            item.put("enteredTime", s(ISO.format(f.enteredTime())));
        }
        putIf(item, "output", f.output());
        putIf(item, "error", f.error());
        putIf(item, "cause", truncate(f.cause(), 32 * 1024));
        item.put("version", n(f.version() + 1));
        if (f.version() == 0) {
            if (!putIfAbsent(item)) {
                throw new StoreConflictException("continuation " + f.frameId() + " of " + executionArn
                        + " already exists; is another runner working on this execution?", null);
            }
        } else {
            putIfVersion(item, f.version(), "continuation " + f.frameId() + " of " + executionArn);
        }
        return new FrameRecord(f.frameId(), f.status(), f.state(), f.input(), f.step(), f.enteredTime(), f.output(),
                f.error(), f.cause(), f.version() + 1);
    }

    @Override
    public Map<String, FrameRecord> frames(String executionArn) {
        Map<String, FrameRecord> out = new LinkedHashMap<>();
        for (Map<String, AttributeValue> i : queryAll("EXEC#" + executionArn, "FRAME#", true, false)) {
            FrameRecord f = new FrameRecord(str(i, "frameId"), str(i, "status"), str(i, "state"), str(i, "input"),
                    num(i, "step"), instant(i, "enteredTime"), str(i, "output"), str(i, "error"), str(i, "cause"),
                    num(i, "version"));
            out.put(f.frameId(), f);
        }
        return out;
    }

    @Override
    public void deleteFrames(String executionArn, String frameIdPrefix) {
        for (Map<String, AttributeValue> i : queryAll("EXEC#" + executionArn, "FRAME#" + frameIdPrefix, true, true)) {
            ddb.deleteItem(b -> b.tableName(table).key(key(str(i, "pk"), str(i, "sk"))));
        }
    }

    // ------------------------------------------------------------------ DynamoDB helpers

    private Map<String, AttributeValue> get(String pk, String sk) {
        Map<String, AttributeValue> item = ddb.getItem(b -> b.tableName(table).key(key(pk, sk)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private boolean putIfAbsent(Map<String, AttributeValue> item) {
        try {
            ddb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private void putIfVersion(Map<String, AttributeValue> item, long expected, String what) {
        try {
            ddb.putItem(b -> b.tableName(table).item(item).conditionExpression("#v = :v")
                    .expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":v", n(expected))));
        } catch (ConditionalCheckFailedException e) {
            throw new StoreConflictException(what + " was changed concurrently (expected version " + expected + ")", e);
        }
    }

    /** One page of items under pk whose sk starts with prefix, filtered, continuing after the sk in the token. */
    private Page<Map<String, AttributeValue>> query(String pk, String prefix, boolean forward, String token, int max,
                                                    Predicate<Map<String, AttributeValue>> filter, boolean keysOnly) {
        Map<String, AttributeValue> start = null;
        if (token != null && !token.isEmpty()) {
            String sk;
            try {
                sk = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid Token: '" + token + "' is not a token this service issued");
            }
            start = key(pk, sk);
        }
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        while (true) {
            QueryRequest.Builder qb = QueryRequest.builder().tableName(table).scanIndexForward(forward)
                    .consistentRead(true).limit(Math.min(Math.max(max, 25), 1000));
            if (prefix.isEmpty()) {
                qb.keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s(pk)));
            } else {
                qb.keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                        .expressionAttributeValues(Map.of(":pk", s(pk), ":p", s(prefix)));
            }
            if (keysOnly) {
                qb.projectionExpression("pk, sk");
            }
            if (start != null) {
                qb.exclusiveStartKey(start);
            }
            QueryResponse r = ddb.query(qb.build());
            List<Map<String, AttributeValue>> items = r.items();
            for (int i = 0; i < items.size(); i++) {
                Map<String, AttributeValue> item = items.get(i);
                if (!filter.test(item)) {
                    continue;
                }
                out.add(item);
                if (out.size() == max) {
                    boolean more = i < items.size() - 1 || r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty();
                    String next = more ? Base64.getUrlEncoder().withoutPadding()
                            .encodeToString(str(item, "sk").getBytes(StandardCharsets.UTF_8)) : null;
                    return new Page<>(out, next);
                }
            }
            if (!r.hasLastEvaluatedKey() || r.lastEvaluatedKey().isEmpty()) {
                return new Page<>(out, null);
            }
            start = r.lastEvaluatedKey();
        }
    }

    private List<Map<String, AttributeValue>> queryAll(String pk, String prefix, boolean forward, boolean keysOnly) {
        return query(pk, prefix, forward, null, Integer.MAX_VALUE, i -> true, keysOnly).items();
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static void putIf(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String v = str(item, name);
        return v == null ? null : Instant.parse(v);
    }

    private static int bytes(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String truncate(String s, int maxChars) {
        return s == null || s.length() <= maxChars ? s : s.substring(0, maxChars) + "...[truncated]";
    }
}
