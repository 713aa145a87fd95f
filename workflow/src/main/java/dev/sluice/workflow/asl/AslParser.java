package dev.sluice.workflow.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.workflow.path.IntrinsicCall;
import dev.sluice.workflow.path.JsonPaths;
import dev.sluice.workflow.path.PayloadTemplate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns ASL JSON into the validated model, failing on anything that is invalid or that the runner cannot run. */
final class AslParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "ItemReader", "reading items from S3 is not supported by the local runner; pass the items in the input",
            "ResultWriter", "writing results to S3 is not supported by the local runner; drop ResultWriter",
            "ItemBatcher", "item batching is not supported by the local runner; batch the items before the Map state",
            "Credentials", "cross-account credentials are not supported by the local runner",
            "Arguments", "JSONata fields are not supported; use QueryLanguage JSONPath",
            "Output", "JSONata fields are not supported; use QueryLanguage JSONPath",
            "Assign", "variables (Assign) are not supported by the local runner");
    private static final Set<String> TOP_FIELDS = Set.of("Comment", "StartAt", "States", "Version", "TimeoutSeconds",
            "QueryLanguage");

    private final Set<String> allNames = new HashSet<>();

    AslDefinition parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AslValidationException("The definition is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new AslValidationException("The definition must be a JSON object with StartAt and States");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TOP_FIELDS.contains(f)) {
                throw new AslValidationException("Field '" + f + "' is not valid at the top level of a state machine");
            }
        }
        checkQueryLanguage(root, "The state machine");
        Integer timeout = null;
        if (root.has("TimeoutSeconds")) {
            timeout = positiveInt(root.get("TimeoutSeconds"), "The state machine: field 'TimeoutSeconds'");
        }
        Branch top = branch(root, "The state machine", Set.of());
        return new AslDefinition(json, top, timeout);
    }

    private static void checkQueryLanguage(JsonNode node, String where) {
        JsonNode ql = node.get("QueryLanguage");
        if (ql != null && !"JSONPath".equals(ql.asText())) {
            throw new AslValidationException(where + ": QueryLanguage '" + ql.asText()
                    + "' is not supported by the local runner; use JSONPath");
        }
    }

    private Branch branch(JsonNode node, String where, Set<String> extraFields) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("StartAt", "States", "Comment").contains(f) && !extraFields.contains(f)
                    && !TOP_FIELDS.contains(f)) {
                throw new AslValidationException(where + ": field '" + f + "' is not valid here");
            }
        }
        JsonNode startAt = node.get("StartAt");
        JsonNode states = node.get("States");
        if (startAt == null || !startAt.isTextual()) {
            throw new AslValidationException(where + ": field 'StartAt' is required and must be a string");
        }
        if (states == null || !states.isObject() || states.isEmpty()) {
            throw new AslValidationException(where + ": field 'States' is required and must be a non-empty object");
        }
        Map<String, State> parsed = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (name.isEmpty() || name.length() > 80) {
                throw new AslValidationException("State '" + name + "': the name must be 1 to 80 characters");
            }
            if (!allNames.add(name)) {
                throw new AslValidationException("State '" + name
                        + "': the name is used more than once; state names must be unique in the whole state machine");
            }
            parsed.put(name, state(name, e.getValue()));
        }
        if (!parsed.containsKey(startAt.asText())) {
            throw new AslValidationException(where + ": field 'StartAt' refers to missing state '" + startAt.asText() + "'");
        }
        for (State s : parsed.values()) {
            checkTarget(parsed, s, "Next", s.next);
            checkTarget(parsed, s, "Default", s.defaultNext);
            for (int i = 0; i < s.choices.size(); i++) {
                checkTarget(parsed, s, "Choices[" + i + "].Next", s.choices.get(i).next());
            }
            for (int i = 0; i < s.catchers.size(); i++) {
                checkTarget(parsed, s, "Catch[" + i + "].Next", s.catchers.get(i).next());
            }
        }
        checkReachable(startAt.asText(), parsed);
        return new Branch(startAt.asText(), Map.copyOf(parsed));
    }

    private static void checkTarget(Map<String, State> states, State s, String field, String target) {
        if (target != null && !states.containsKey(target)) {
            throw new AslValidationException("State '" + s.name + "': field '" + field + "' refers to missing state '"
                    + target + "' (states in scope: " + states.keySet() + ")");
        }
    }

    private static void checkReachable(String start, Map<String, State> states) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (!seen.add(n)) {
                continue;
            }
            State s = states.get(n);
            if (s.next != null) {
                todo.push(s.next);
            }
            if (s.defaultNext != null) {
                todo.push(s.defaultNext);
            }
            s.choices.forEach(c -> todo.push(c.next()));
            s.catchers.forEach(c -> todo.push(c.next()));
        }
        for (String n : states.keySet()) {
            if (!seen.contains(n)) {
                throw new AslValidationException("State '" + n + "': the state is not reachable from '" + start + "'");
            }
        }
    }

    private State state(String name, JsonNode node) {
        String where = "State '" + name + "'";
        if (!node.isObject()) {
            throw new AslValidationException(where + ": must be a JSON object");
        }
        JsonNode typeNode = node.get("Type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new AslValidationException(where + ": field 'Type' is required");
        }
        StateType type;
        try {
            type = StateType.valueOf(typeNode.asText());
        } catch (IllegalArgumentException e) {
            throw new AslValidationException(where + ": field 'Type' value '" + typeNode.asText()
                    + "' is not an ASL state type (Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map)");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!type.accepts(f)) {
                String why = UNSUPPORTED.get(f);
                throw new AslValidationException(where + ": field '" + f + "' is not valid ASL for a " + type + " state"
                        + (why == null ? "" : " (" + why + ")"));
            }
        }
        checkQueryLanguage(node, where);
        State s = new State();
        s.name = name;
        s.type = type;
        // Transitions.
        if (node.has("Next")) {
            s.next = text(node, "Next", where);
        }
        if (node.has("End")) {
            if (!node.get("End").isBoolean()) {
                throw new AslValidationException(where + ": field 'End' must be a boolean");
            }
            s.end = node.get("End").asBoolean();
        }
        if (type.needsTransition()) {
            if (s.next == null && !s.end) {
                throw new AslValidationException(where + ": a " + type + " state needs field 'Next' or 'End': true");
            }
            if (s.next != null && s.end) {
                throw new AslValidationException(where + ": fields 'Next' and 'End' must not both be set");
            }
        }
        // Paths.
        if (node.has("InputPath")) {
            s.inputPath = path(node, "InputPath", where, false);
        }
        if (node.has("OutputPath")) {
            s.outputPath = path(node, "OutputPath", where, false);
        }
        if (node.has("ResultPath")) {
            s.resultPath = path(node, "ResultPath", where, true);
        }
        if (node.has("Parameters")) {
            s.parameters = template(node, "Parameters", where);
        }
        if (node.has("ResultSelector")) {
            s.resultSelector = template(node, "ResultSelector", where);
        }
        if (node.has("Result")) {
            s.result = node.get("Result");
        }
        if (node.has("Retry")) {
            s.retry = retriers(node.get("Retry"), where);
        }
        if (node.has("Catch")) {
            s.catchers = catchers(node.get("Catch"), where);
        }
        switch (type) {
            case Task -> task(s, node, where);
            case Choice -> choice(s, node, where);
            case Wait -> waitState(s, node, where);
            case Fail -> fail(s, node, where);
            case Parallel -> parallel(s, node, where);
            case Map -> map(s, node, where);
            default -> {
            }
        }
        return s;
    }

    private void task(State s, JsonNode node, String where) {
        String resource = text(node, "Resource", where);
        if (resource == null) {
            throw new AslValidationException(where + ": field 'Resource' is required for a Task state");
        }
        s.resource = TaskResource.parse(resource);
        if (s.resource == null) {
            throw new AslValidationException(where + ": field 'Resource' value '" + resource
                    + "' is not a resource the local runner can run (supported: arn:aws:states:::lambda:invoke, "
                    + "arn:aws:lambda:<region>:<account>:function:<name>, arn:aws:states:::states:startExecution; "
                    + "no .sync or .waitForTaskToken)");
        }
        if (s.resource.kind() == TaskResource.Kind.LAMBDA_INVOKE) {
            if (s.parameters == null || !(s.parameters.has("FunctionName") || s.parameters.has("FunctionName.$"))) {
                throw new AslValidationException(where + ": field 'Parameters' must contain 'FunctionName' for "
                        + resource);
            }
        }
        if (s.resource.kind() == TaskResource.Kind.START_EXECUTION) {
            if (s.parameters == null || !(s.parameters.has("StateMachineArn") || s.parameters.has("StateMachineArn.$"))) {
                throw new AslValidationException(where + ": field 'Parameters' must contain 'StateMachineArn' for "
                        + resource);
            }
        }
        if (node.has("TimeoutSeconds")) {
            s.timeoutSeconds = positiveInt(node.get("TimeoutSeconds"), where + ": field 'TimeoutSeconds'");
        }
        if (node.has("TimeoutSecondsPath")) {
            s.timeoutSecondsPath = path(node, "TimeoutSecondsPath", where, false);
        }
        if (node.has("HeartbeatSeconds")) {
            s.heartbeatSeconds = positiveInt(node.get("HeartbeatSeconds"), where + ": field 'HeartbeatSeconds'");
        }
        if (node.has("HeartbeatSecondsPath")) {
            s.heartbeatSecondsPath = path(node, "HeartbeatSecondsPath", where, false);
        }
        if (s.timeoutSeconds != null && s.timeoutSecondsPath != null) {
            throw new AslValidationException(where + ": fields 'TimeoutSeconds' and 'TimeoutSecondsPath' are exclusive");
        }
        if (s.heartbeatSeconds != null && s.heartbeatSecondsPath != null) {
            throw new AslValidationException(where + ": fields 'HeartbeatSeconds' and 'HeartbeatSecondsPath' are exclusive");
        }
        if (s.heartbeatSeconds != null && s.timeoutSeconds != null && s.heartbeatSeconds >= s.timeoutSeconds) {
            throw new AslValidationException(where + ": field 'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'");
        }
    }

    private static void choice(State s, JsonNode node, String where) {
        JsonNode choices = node.get("Choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw new AslValidationException(where + ": field 'Choices' is required and must be a non-empty array");
        }
        List<ChoiceRule> rules = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            rules.add(ChoiceRule.parse(choices.get(i), true, where + ": Choices[" + i + "]"));
        }
        s.choices = List.copyOf(rules);
        if (node.has("Default")) {
            s.defaultNext = text(node, "Default", where);
        }
    }

    private static void waitState(State s, JsonNode node, String where) {
        int n = 0;
        if (node.has("Seconds")) {
            JsonNode v = node.get("Seconds");
            if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
                throw new AslValidationException(where + ": field 'Seconds' must be a non-negative integer");
            }
            s.seconds = v.asLong();
            n++;
        }
        if (node.has("SecondsPath")) {
            s.secondsPath = path(node, "SecondsPath", where, false);
            n++;
        }
        if (node.has("Timestamp")) {
            String ts = text(node, "Timestamp", where);
            if (ChoiceRule.parseTimestamp(ts) == null) {
                throw new AslValidationException(where + ": field 'Timestamp' must be an RFC 3339 timestamp, not '" + ts + "'");
            }
            s.timestamp = ts;
            n++;
        }
        if (node.has("TimestampPath")) {
            s.timestampPath = path(node, "TimestampPath", where, false);
            n++;
        }
        if (n != 1) {
            throw new AslValidationException(where + ": a Wait state needs exactly one of 'Seconds', 'SecondsPath', "
                    + "'Timestamp', 'TimestampPath'");
        }
    }

    private static void fail(State s, JsonNode node, String where) {
        s.error = node.has("Error") ? text(node, "Error", where) : null;
        s.cause = node.has("Cause") ? text(node, "Cause", where) : null;
        s.errorPath = node.has("ErrorPath") ? pathOrIntrinsic(node, "ErrorPath", where) : null;
        s.causePath = node.has("CausePath") ? pathOrIntrinsic(node, "CausePath", where) : null;
        if (s.error != null && s.errorPath != null) {
            throw new AslValidationException(where + ": fields 'Error' and 'ErrorPath' are exclusive");
        }
        if (s.cause != null && s.causePath != null) {
            throw new AslValidationException(where + ": fields 'Cause' and 'CausePath' are exclusive");
        }
    }

    private void parallel(State s, JsonNode node, String where) {
        JsonNode branches = node.get("Branches");
        if (branches == null || !branches.isArray() || branches.isEmpty()) {
            throw new AslValidationException(where + ": field 'Branches' is required and must be a non-empty array");
        }
        List<Branch> list = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            list.add(branch(branches.get(i), where + ": Branches[" + i + "]", Set.of()));
        }
        s.branches = List.copyOf(list);
    }

    private void map(State s, JsonNode node, String where) {
        boolean iterator = node.has("Iterator");
        boolean processor = node.has("ItemProcessor");
        if (iterator == processor) {
            throw new AslValidationException(where + ": a Map state needs exactly one of 'ItemProcessor' or 'Iterator'");
        }
        String field = iterator ? "Iterator" : "ItemProcessor";
        JsonNode proc = node.get(field);
        if (!proc.isObject()) {
            throw new AslValidationException(where + ": field '" + field + "' must be an object");
        }
        JsonNode config = proc.get("ProcessorConfig");
        if (config != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                switch (e.getKey()) {
                    case "Mode" -> {
                        String mode = e.getValue().asText();
                        if (!mode.equals("INLINE") && !mode.equals("DISTRIBUTED")) {
                            throw new AslValidationException(where + ": field '" + field
                                    + ".ProcessorConfig.Mode' must be INLINE or DISTRIBUTED, not '" + mode + "'");
                        }
                        s.distributed = mode.equals("DISTRIBUTED");
                    }
                    case "ExecutionType" -> {
                        String et = e.getValue().asText();
                        if (!et.equals("STANDARD") && !et.equals("EXPRESS")) {
                            throw new AslValidationException(where + ": field '" + field
                                    + ".ProcessorConfig.ExecutionType' must be STANDARD or EXPRESS, not '" + et + "'");
                        }
                    }
                    default -> throw new AslValidationException(where + ": field '" + field + ".ProcessorConfig."
                            + e.getKey() + "' is not valid ASL for a Map state");
                }
            }
        }
        if (s.distributed && config.has("ExecutionType") == false) {
            throw new AslValidationException(where + ": a DISTRIBUTED Map needs '" + field
                    + ".ProcessorConfig.ExecutionType' (STANDARD or EXPRESS)");
        }
        s.itemProcessor = branch(proc, where + ": " + field, Set.of("ProcessorConfig"));
        if (node.has("ItemsPath")) {
            s.itemsPath = path(node, "ItemsPath", where, false);
            if (s.itemsPath == null) {
                throw new AslValidationException(where + ": field 'ItemsPath' must not be null");
            }
        }
        if (node.has("ItemSelector")) {
            if (s.parameters != null) {
                throw new AslValidationException(where + ": fields 'ItemSelector' and 'Parameters' are exclusive");
            }
            s.itemSelector = template(node, "ItemSelector", where);
        } else if (s.parameters != null) {
            s.itemSelector = s.parameters;
            s.parameters = null;
        }
        if (node.has("MaxConcurrency")) {
            JsonNode v = node.get("MaxConcurrency");
            if (!v.isIntegralNumber() || v.asInt() < 0) {
                throw new AslValidationException(where + ": field 'MaxConcurrency' must be a non-negative integer");
            }
            s.maxConcurrency = v.asInt();
        }
        if (node.has("MaxConcurrencyPath")) {
            s.maxConcurrencyPath = path(node, "MaxConcurrencyPath", where, false);
        }
        for (String f : List.of("ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ToleratedFailureCount",
                "ToleratedFailureCountPath", "Label")) {
            if (node.has(f) && !s.distributed) {
                throw new AslValidationException(where + ": field '" + f
                        + "' is only valid for a Map state with ProcessorConfig.Mode DISTRIBUTED");
            }
        }
        if (node.has("ToleratedFailurePercentage")) {
            JsonNode v = node.get("ToleratedFailurePercentage");
            if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 100) {
                throw new AslValidationException(where + ": field 'ToleratedFailurePercentage' must be a number 0..100");
            }
            s.toleratedFailurePercentage = v.asDouble();
        }
        if (node.has("ToleratedFailurePercentagePath")) {
            s.toleratedFailurePercentagePath = path(node, "ToleratedFailurePercentagePath", where, false);
        }
        if (node.has("ToleratedFailureCount")) {
            JsonNode v = node.get("ToleratedFailureCount");
            if (!v.isIntegralNumber() || v.asInt() < 0) {
                throw new AslValidationException(where + ": field 'ToleratedFailureCount' must be a non-negative integer");
            }
            s.toleratedFailureCount = v.asInt();
        }
        if (node.has("ToleratedFailureCountPath")) {
            s.toleratedFailureCountPath = path(node, "ToleratedFailureCountPath", where, false);
        }
    }

    private static List<Retrier> retriers(JsonNode node, String where) {
        if (!node.isArray()) {
            throw new AslValidationException(where + ": field 'Retry' must be an array");
        }
        List<Retrier> list = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode r = node.get(i);
            String w = where + ": Retry[" + i + "]";
            for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                        "JitterStrategy", "Comment").contains(f)) {
                    throw new AslValidationException(w + ": field '" + f + "' is not valid ASL for a retrier");
                }
            }
            List<String> errors = errorEquals(r, w, i == node.size() - 1);
            int interval = r.has("IntervalSeconds") ? positiveInt(r.get("IntervalSeconds"), w + ": field 'IntervalSeconds'") : 1;
            int max = 3;
            if (r.has("MaxAttempts")) {
                JsonNode v = r.get("MaxAttempts");
                if (!v.isIntegralNumber() || v.asInt() < 0) {
                    throw new AslValidationException(w + ": field 'MaxAttempts' must be a non-negative integer");
                }
                max = v.asInt();
            }
            double backoff = 2.0;
            if (r.has("BackoffRate")) {
                JsonNode v = r.get("BackoffRate");
                if (!v.isNumber() || v.asDouble() < 1.0) {
                    throw new AslValidationException(w + ": field 'BackoffRate' must be a number >= 1.0");
                }
                backoff = v.asDouble();
            }
            Integer maxDelay = r.has("MaxDelaySeconds") ? positiveInt(r.get("MaxDelaySeconds"), w + ": field 'MaxDelaySeconds'") : null;
            boolean full = false;
            if (r.has("JitterStrategy")) {
                String j = r.get("JitterStrategy").asText();
                if (!j.equals("FULL") && !j.equals("NONE")) {
                    throw new AslValidationException(w + ": field 'JitterStrategy' must be FULL or NONE, not '" + j + "'");
                }
                full = j.equals("FULL");
            }
            list.add(new Retrier(errors, interval, max, backoff, maxDelay, full));
        }
        return List.copyOf(list);
    }

    private static List<Catcher> catchers(JsonNode node, String where) {
        if (!node.isArray()) {
            throw new AslValidationException(where + ": field 'Catch' must be an array");
        }
        List<Catcher> list = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            String w = where + ": Catch[" + i + "]";
            for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!Set.of("ErrorEquals", "Next", "ResultPath", "Comment").contains(f)) {
                    throw new AslValidationException(w + ": field '" + f + "' is not valid ASL for a catcher");
                }
            }
            List<String> errors = errorEquals(c, w, i == node.size() - 1);
            String next = text(c, "Next", w);
            if (next == null) {
                throw new AslValidationException(w + ": field 'Next' is required");
            }
            String rp = c.has("ResultPath") ? path(c, "ResultPath", w, true) : "$";
            list.add(new Catcher(errors, rp, next));
        }
        return List.copyOf(list);
    }

    private static List<String> errorEquals(JsonNode node, String where, boolean last) {
        JsonNode ee = node.get("ErrorEquals");
        if (ee == null || !ee.isArray() || ee.isEmpty()) {
            throw new AslValidationException(where + ": field 'ErrorEquals' is required and must be a non-empty array");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode e : ee) {
            if (!e.isTextual()) {
                throw new AslValidationException(where + ": field 'ErrorEquals' must hold strings");
            }
            list.add(e.asText());
        }
        if (list.contains("States.ALL") && (list.size() > 1 || !last)) {
            throw new AslValidationException(where + ": 'States.ALL' must appear alone and in the last entry");
        }
        return List.copyOf(list);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new AslValidationException(where + ": field '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static String path(JsonNode node, String field, String where, boolean reference) {
        JsonNode v = node.get(field);
        if (v.isNull()) {
            if (field.endsWith("Path") && (field.equals("InputPath") || field.equals("OutputPath") || field.equals("ResultPath"))) {
                return null;
            }
            throw new AslValidationException(where + ": field '" + field + "' must not be null");
        }
        if (!v.isTextual()) {
            throw new AslValidationException(where + ": field '" + field + "' must be a string path");
        }
        String err = reference ? JsonPaths.validateReferencePath(v.asText()) : JsonPaths.validatePath(v.asText());
        if (err != null) {
            throw new AslValidationException(where + ": field '" + field + "': " + err);
        }
        return v.asText();
    }

    private static String pathOrIntrinsic(JsonNode node, String field, String where) {
        String v = text(node, field, where);
        if (IntrinsicCall.looksLikeCall(v)) {
            try {
                IntrinsicCall.parse(v);
            } catch (IllegalArgumentException e) {
                throw new AslValidationException(where + ": field '" + field + "': " + e.getMessage());
            }
            return v;
        }
        return path(node, field, where, false);
    }

    private static JsonNode template(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (!v.isObject() && !(field.equals("Parameters") || field.equals("ItemSelector"))) {
            throw new AslValidationException(where + ": field '" + field + "' must be a JSON object");
        }
        String err = PayloadTemplate.validate(v);
        if (err != null) {
            throw new AslValidationException(where + ": field '" + field + "': " + err);
        }
        return v;
    }

    private static int positiveInt(JsonNode v, String where) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() <= 0) {
            throw new AslValidationException(where + " must be a positive integer, not " + v);
        }
        return v.asInt();
    }
}
