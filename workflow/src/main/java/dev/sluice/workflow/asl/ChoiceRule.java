package dev.sluice.workflow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.workflow.engine.StatesError;
import dev.sluice.workflow.path.JsonPaths;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** A Choice rule (comparison or And/Or/Not of rules); top-level rules carry Next. */
public final class ChoiceRule {
    private static final Set<String> OPERATORS = Set.of(
            "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals",
            "StringMatches",
            "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals",
            "BooleanEquals",
            "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals",
            "TimestampGreaterThanEquals",
            "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp");

    private String variable;
    private String operator;
    private boolean pathOperand;
    private JsonNode operand;
    private Pattern matchPattern;
    private String logical;
    private List<ChoiceRule> children = List.of();
    private String next;

    public String next() {
        return next;
    }

    /** Parses a rule; {@code where} names it in error messages (e.g. "State 'Route': field 'Choices[1]'"). */
    static ChoiceRule parse(JsonNode node, boolean topLevel, String where) {
        if (!node.isObject()) {
            throw new AslValidationException(where + " must be a JSON object");
        }
        ChoiceRule r = new ChoiceRule();
        List<String> ops = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            switch (k) {
                case "Comment":
                    break;
                case "Next":
                    if (!topLevel) {
                        throw new AslValidationException(where + ": 'Next' is only allowed in a top-level choice rule");
                    }
                    if (!v.isTextual()) {
                        throw new AslValidationException(where + ": field 'Next' must be a string");
                    }
                    r.next = v.asText();
                    break;
                case "Variable":
                    if (!v.isTextual() || JsonPaths.validatePath(v.asText()) != null) {
                        throw new AslValidationException(where + ": field 'Variable' must be a valid JSONPath, not " + v);
                    }
                    r.variable = v.asText();
                    break;
                case "And":
                case "Or":
                    if (!v.isArray() || v.isEmpty()) {
                        throw new AslValidationException(where + ": field '" + k + "' must be a non-empty array of rules");
                    }
                    ops.add(k);
                    r.logical = k;
                    List<ChoiceRule> kids = new ArrayList<>();
                    for (int i = 0; i < v.size(); i++) {
                        kids.add(parse(v.get(i), false, where + "." + k + "[" + i + "]"));
                    }
                    r.children = List.copyOf(kids);
                    break;
                case "Not":
                    ops.add(k);
                    r.logical = k;
                    r.children = List.of(parse(v, false, where + ".Not"));
                    break;
                default:
                    boolean isPath = k.endsWith("Path") && OPERATORS.contains(k.substring(0, k.length() - 4))
                            && !k.startsWith("Is") && !k.equals("StringMatchesPath");
                    String base = isPath ? k.substring(0, k.length() - 4) : k;
                    if (!OPERATORS.contains(base)) {
                        throw new AslValidationException(where + ": field '" + k + "' is not valid ASL for a choice rule");
                    }
                    ops.add(k);
                    r.operator = base;
                    r.pathOperand = isPath;
                    r.operand = v;
                    validateOperand(r, k, v, where);
            }
        }
        if (ops.size() != 1) {
            throw new AslValidationException(where + " must have exactly one comparison operator or And/Or/Not, found "
                    + (ops.isEmpty() ? "none" : ops));
        }
        if (r.operator != null && r.variable == null) {
            throw new AslValidationException(where + ": operator '" + ops.get(0) + "' needs a 'Variable'");
        }
        if (r.logical != null && r.variable != null) {
            throw new AslValidationException(where + ": '" + r.logical + "' must not have a 'Variable'");
        }
        if (topLevel && r.next == null) {
            throw new AslValidationException(where + ": a top-level choice rule needs 'Next'");
        }
        return r;
    }

    private static void validateOperand(ChoiceRule r, String k, JsonNode v, String where) {
        String bad = null;
        if (r.pathOperand) {
            if (!v.isTextual() || JsonPaths.validatePath(v.asText()) != null) {
                bad = "a valid JSONPath";
            }
        } else if (r.operator.startsWith("String")) {
            if (!v.isTextual()) {
                bad = "a string";
            } else if (r.operator.equals("StringMatches")) {
                r.matchPattern = wildcard(v.asText());
            }
        } else if (r.operator.startsWith("Numeric")) {
            if (!v.isNumber()) {
                bad = "a number";
            }
        } else if (r.operator.startsWith("Boolean") || r.operator.startsWith("Is")) {
            if (!v.isBoolean()) {
                bad = "a boolean";
            }
        } else if (r.operator.startsWith("Timestamp")) {
            if (!v.isTextual() || parseTimestamp(v.asText()) == null) {
                bad = "an RFC 3339 timestamp string";
            }
        }
        if (bad != null) {
            throw new AslValidationException(where + ": field '" + k + "' must be " + bad + ", not " + v);
        }
    }

    private static Pattern wildcard(String s) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                re.append(Pattern.quote(String.valueOf(s.charAt(++i))));
            } else if (c == '*') {
                re.append(".*");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** Parses an RFC 3339 timestamp as Step Functions accepts it; null when it is not one. */
    public static OffsetDateTime parseTimestamp(String s) {
        try {
            if (!s.contains("T")) {
                return null;
            }
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Evaluates the rule against the (InputPath-filtered) state input and the context object. */
    public boolean matches(JsonNode input, JsonNode context) {
        if (logical != null) {
            switch (logical) {
                case "And":
                    for (ChoiceRule c : children) {
                        if (!c.matches(input, context)) {
                            return false;
                        }
                    }
                    return true;
                case "Or":
                    for (ChoiceRule c : children) {
                        if (c.matches(input, context)) {
                            return true;
                        }
                    }
                    return false;
                default:
                    return !children.get(0).matches(input, context);
            }
        }
        if (operator.equals("IsPresent")) {
            return JsonPaths.isPresent(variable, input, context) == operand.asBoolean();
        }
        JsonNode value = readVariable(variable, input, context);
        switch (operator) {
            case "IsNull":
                return value.isNull() == operand.asBoolean();
            case "IsNumeric":
                return value.isNumber() == operand.asBoolean();
            case "IsString":
                return value.isTextual() == operand.asBoolean();
            case "IsBoolean":
                return value.isBoolean() == operand.asBoolean();
            case "IsTimestamp":
                return (value.isTextual() && parseTimestamp(value.asText()) != null) == operand.asBoolean();
            default:
                break;
        }
        JsonNode other = pathOperand ? readVariable(operand.asText(), input, context) : operand;
        if (operator.equals("StringMatches")) {
            return value.isTextual() && matchPattern.matcher(value.asText()).matches();
        }
        if (operator.startsWith("String")) {
            return value.isTextual() && other.isTextual() && compare(operator.substring(6), value.asText().compareTo(other.asText()));
        }
        if (operator.startsWith("Numeric")) {
            return value.isNumber() && other.isNumber()
                    && compare(operator.substring(7), value.decimalValue().compareTo(toDecimal(other)));
        }
        if (operator.equals("BooleanEquals")) {
            return value.isBoolean() && other.isBoolean() && value.asBoolean() == other.asBoolean();
        }
        if (operator.startsWith("Timestamp")) {
            OffsetDateTime a = value.isTextual() ? parseTimestamp(value.asText()) : null;
            OffsetDateTime b = other.isTextual() ? parseTimestamp(other.asText()) : null;
            return a != null && b != null && compare(operator.substring(9), a.toInstant().compareTo(b.toInstant()));
        }
        throw new IllegalStateException("unhandled choice operator " + operator);
    }

    private static BigDecimal toDecimal(JsonNode n) {
        return n.decimalValue();
    }

    private static boolean compare(String op, int cmp) {
        return switch (op) {
            case "Equals" -> cmp == 0;
            case "LessThan" -> cmp < 0;
            case "GreaterThan" -> cmp > 0;
            case "LessThanEquals" -> cmp <= 0;
            case "GreaterThanEquals" -> cmp >= 0;
            default -> throw new IllegalStateException("unknown comparison " + op);
        };
    }

    private static JsonNode readVariable(String path, JsonNode input, JsonNode context) {
        try {
            return JsonPaths.read(path, input, context);
        } catch (StatesError e) {
            throw new StatesError(StatesError.RUNTIME, "Invalid path '" + path
                    + "': The choice state's condition path references an invalid value.");
        }
    }
}
