package dev.sluice.workflow.path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.workflow.engine.StatesError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringTokenizer;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Evaluates the ASL intrinsic functions (States.Format, States.Array..., States.Hash, ...) as the AWS docs define them. */
public final class Intrinsics {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Function name to {min, max} argument count (max -1 = unbounded). */
    private static final Map<String, int[]> ARITY = new TreeMap<>();

    static {
        ARITY.put("States.Format", new int[] {1, -1});
        ARITY.put("States.StringToJson", new int[] {1, 1});
        ARITY.put("States.JsonToString", new int[] {1, 1});
        ARITY.put("States.Array", new int[] {0, -1});
        ARITY.put("States.ArrayPartition", new int[] {2, 2});
        ARITY.put("States.ArrayContains", new int[] {2, 2});
        ARITY.put("States.ArrayRange", new int[] {3, 3});
        ARITY.put("States.ArrayGetItem", new int[] {2, 2});
        ARITY.put("States.ArrayLength", new int[] {1, 1});
        ARITY.put("States.ArrayUnique", new int[] {1, 1});
        ARITY.put("States.Base64Encode", new int[] {1, 1});
        ARITY.put("States.Base64Decode", new int[] {1, 1});
        ARITY.put("States.Hash", new int[] {2, 2});
        ARITY.put("States.JsonMerge", new int[] {3, 3});
        ARITY.put("States.MathRandom", new int[] {2, 3});
        ARITY.put("States.MathAdd", new int[] {2, 2});
        ARITY.put("States.StringSplit", new int[] {2, 2});
        ARITY.put("States.UUID", new int[] {0, 0});
    }

    private Intrinsics() {
    }

    static boolean isKnown(String name) {
        return ARITY.containsKey(name);
    }

    static Set<String> names() {
        return ARITY.keySet();
    }

    static void checkArity(String name, int n) {
        int[] a = ARITY.get(name);
        if (n < a[0] || (a[1] >= 0 && n > a[1])) {
            String expected = a[1] < 0 ? "at least " + a[0] : (a[0] == a[1] ? String.valueOf(a[0]) : a[0] + " to " + a[1]);
            throw new IllegalArgumentException(name + " takes " + expected + " argument(s), not " + n);
        }
    }

    /** Parses and evaluates an intrinsic function expression against the input and context object. */
    public static JsonNode evaluate(String expression, JsonNode input, JsonNode context) {
        IntrinsicCall call;
        try {
            call = IntrinsicCall.parse(expression);
        } catch (IllegalArgumentException e) {
            throw new StatesError(StatesError.INTRINSIC_FAILURE, e.getMessage());
        }
        return evaluate(call, input, context);
    }

    static JsonNode evaluate(IntrinsicCall call, JsonNode input, JsonNode context) {
        List<JsonNode> a = new ArrayList<>();
        for (IntrinsicCall.Arg arg : call.args()) {
            if (arg.literal() != null) {
                a.add(arg.literal());
            } else if (arg.path() != null) {
                a.add(JsonPaths.read(arg.path(), input, context));
            } else {
                a.add(evaluate(arg.call(), input, context));
            }
        }
        String fn = call.function();
        try {
            return apply(fn, a, call);
        } catch (StatesError e) {
            throw e;
        } catch (RuntimeException e) {
            throw fail(fn, e.getMessage());
        }
    }

    private static JsonNode apply(String fn, List<JsonNode> a, IntrinsicCall call) {
        switch (fn) {
            case "States.Format":
                return F.textNode(format(a));
            case "States.StringToJson":
                try {
                    return MAPPER.readTree(text(fn, a.get(0)));
                } catch (JsonProcessingException e) {
                    throw fail(fn, "the argument is not valid JSON: " + e.getOriginalMessage());
                }
            case "States.JsonToString":
                return F.textNode(a.get(0).toString());
            case "States.Array": {
                ArrayNode arr = F.arrayNode();
                a.forEach(arr::add);
                return arr;
            }
            case "States.ArrayPartition": {
                ArrayNode src = array(fn, a.get(0));
                int size = integer(fn, a.get(1));
                if (size <= 0) {
                    throw fail(fn, "the chunk size must be a positive integer, not " + size);
                }
                ArrayNode out = F.arrayNode();
                ArrayNode chunk = null;
                for (JsonNode n : src) {
                    if (chunk == null || chunk.size() == size) {
                        chunk = out.addArray();
                    }
                    chunk.add(n);
                }
                return out;
            }
            case "States.ArrayContains": {
                for (JsonNode n : array(fn, a.get(0))) {
                    if (sameJson(n, a.get(1))) {
                        return F.booleanNode(true);
                    }
                }
                return F.booleanNode(false);
            }
            case "States.ArrayRange": {
                long start = integer(fn, a.get(0));
                long end = integer(fn, a.get(1));
                long step = integer(fn, a.get(2));
                if (step == 0) {
                    throw fail(fn, "the step must not be 0");
                }
                ArrayNode out = F.arrayNode();
                for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
                    if (out.size() >= 1000) {
                        throw fail(fn, "the range would have more than 1000 items");
                    }
                    out.add(v);
                }
                return out;
            }
            case "States.ArrayGetItem": {
                ArrayNode src = array(fn, a.get(0));
                int idx = integer(fn, a.get(1));
                if (idx < 0 || idx >= src.size()) {
                    throw fail(fn, "index " + idx + " is out of bounds for an array of " + src.size() + " items");
                }
                return src.get(idx);
            }
            case "States.ArrayLength":
                return F.numberNode(array(fn, a.get(0)).size());
            case "States.ArrayUnique": {
                ArrayNode out = F.arrayNode();
                for (JsonNode n : array(fn, a.get(0))) {
                    boolean seen = false;
                    for (JsonNode o : out) {
                        seen |= sameJson(o, n);
                    }
                    if (!seen) {
                        out.add(n);
                    }
                }
                return out;
            }
            case "States.Base64Encode": {
                String s = text(fn, a.get(0));
                if (s.length() > 10000) {
                    throw fail(fn, "the input is longer than 10000 characters");
                }
                return F.textNode(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
            }
            case "States.Base64Decode": {
                String s = text(fn, a.get(0));
                if (s.length() > 10000) {
                    throw fail(fn, "the input is longer than 10000 characters");
                }
                try {
                    return F.textNode(new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw fail(fn, "the input is not valid base64: " + e.getMessage());
                }
            }
            case "States.Hash": {
                JsonNode data = a.get(0);
                String s = data.isTextual() ? data.asText() : data.toString();
                if (s.length() > 10000) {
                    throw fail(fn, "the input is longer than 10000 characters");
                }
                String alg = text(fn, a.get(1));
                if (!List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512").contains(alg)) {
                    throw fail(fn, "'" + alg + "' is not a supported algorithm (MD5, SHA-1, SHA-256, SHA-384, SHA-512)");
                }
                try {
                    byte[] d = MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8));
                    return F.textNode(HexFormat.of().formatHex(d));
                } catch (NoSuchAlgorithmException e) {
                    throw fail(fn, "the JVM lacks " + alg);
                }
            }
            case "States.JsonMerge": {
                JsonNode left = a.get(0);
                JsonNode right = a.get(1);
                if (!left.isObject() || !right.isObject()) {
                    throw fail(fn, "both arguments must be JSON objects");
                }
                if (!a.get(2).isBoolean()) {
                    throw fail(fn, "the third argument must be a boolean");
                }
                if (a.get(2).asBoolean()) {
                    throw fail(fn, "deep merge (third argument true) is not supported; use false");
                }
                ObjectNode out = ((ObjectNode) left).deepCopy();
                out.setAll((ObjectNode) right.deepCopy());
                return out;
            }
            case "States.MathRandom": {
                int start = integer(fn, a.get(0));
                int end = integer(fn, a.get(1));
                if (end <= start) {
                    throw fail(fn, "the end (" + end + ") must be greater than the start (" + start + ")");
                }
                Random r = a.size() == 3 ? new Random(integer(fn, a.get(2))) : ThreadLocalRandom.current();
                return F.numberNode(start + r.nextInt(end - start));
            }
            case "States.MathAdd": {
                long sum = (long) integer(fn, a.get(0)) + integer(fn, a.get(1));
                if (sum > Integer.MAX_VALUE || sum < Integer.MIN_VALUE) {
                    throw fail(fn, "the sum " + sum + " is out of the 32-bit integer range");
                }
                return F.numberNode((int) sum);
            }
            case "States.StringSplit": {
                StringTokenizer t = new StringTokenizer(text(fn, a.get(0)), text(fn, a.get(1)));
                ArrayNode out = F.arrayNode();
                while (t.hasMoreTokens()) {
                    out.add(t.nextToken());
                }
                return out;
            }
            case "States.UUID":
                return F.textNode(UUID.randomUUID().toString());
            default:
                throw fail(fn, "not implemented");
        }
    }

    /** JSON equality where numbers compare by value (1 equals 1.0 and int equals long). */
    static boolean sameJson(JsonNode a, JsonNode b) {
        return a.equals((x, y) -> x.isNumber() && y.isNumber() ? x.decimalValue().compareTo(y.decimalValue())
                : x.equals(y) ? 0 : 1, b);
    }

    private static String format(List<JsonNode> a) {
        String template = text("States.Format", a.get(0));
        StringBuilder sb = new StringBuilder();
        int argi = 1;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '\\' && i + 1 < template.length()) {
                sb.append(template.charAt(++i));
            } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                if (argi >= a.size()) {
                    throw fail("States.Format", "the template has more '{}' placeholders than arguments");
                }
                JsonNode v = a.get(argi++);
                if (v.isContainerNode()) {
                    throw fail("States.Format", "placeholder arguments must be strings, numbers, booleans or null, not "
                            + v.getNodeType());
                }
                sb.append(v.isTextual() ? v.asText() : v.toString());
                i++;
            } else {
                sb.append(c);
            }
        }
        if (argi != a.size()) {
            throw fail("States.Format", "the template has " + (argi - 1) + " '{}' placeholders but " + (a.size() - 1)
                    + " arguments were given");
        }
        return sb.toString();
    }

    private static String text(String fn, JsonNode n) {
        if (!n.isTextual()) {
            throw fail(fn, "expected a string argument, got " + n.getNodeType() + " " + JsonPaths.abbreviate(n));
        }
        return n.asText();
    }

    private static ArrayNode array(String fn, JsonNode n) {
        if (!n.isArray()) {
            throw fail(fn, "expected an array argument, got " + n.getNodeType() + " " + JsonPaths.abbreviate(n));
        }
        return (ArrayNode) n;
    }

    private static int integer(String fn, JsonNode n) {
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            return n.asInt();
        }
        if (n.isNumber() && n.asDouble() == Math.rint(n.asDouble()) && Math.abs(n.asDouble()) <= Integer.MAX_VALUE) {
            return (int) n.asDouble();
        }
        throw fail(fn, "expected an integer argument, got " + JsonPaths.abbreviate(n));
    }

    private static StatesError fail(String fn, String why) {
        return new StatesError(StatesError.INTRINSIC_FAILURE, "Invalid arguments in " + fn + ": " + why);
    }
}
