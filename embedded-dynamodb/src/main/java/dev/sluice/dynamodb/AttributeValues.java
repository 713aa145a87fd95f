package dev.sluice.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Validation, normalisation, comparison and sizing of DynamoDB AttributeValues in their JSON wire form. */
public final class AttributeValues {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final BigDecimal MAX_MAGNITUDE = new BigDecimal("1E+126");
    private static final BigDecimal MIN_MAGNITUDE = new BigDecimal("1E-130");
    private static final Set<String> TYPES = Set.of("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS");

    private AttributeValues() {
    }

    /** The type tag of an attribute value ({@code S}, {@code N}, ...). */
    public static String type(JsonNode av) {
        return av.fieldNames().next();
    }

    public static JsonNode payload(JsonNode av) {
        return av.elements().next();
    }

    public static ObjectNode string(String s) {
        return F.objectNode().put("S", s);
    }

    public static ObjectNode number(BigDecimal n) {
        return F.objectNode().put("N", formatNumber(n));
    }

    /** Validates an item from a request and returns a normalised deep copy (numbers canonicalised). */
    public static ObjectNode validateItem(JsonNode item, String what) {
        if (item == null || !item.isObject()) {
            throw DynamoException.validation("One or more parameter values were invalid: " + what + " must be a map");
        }
        ObjectNode out = F.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = item.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().isEmpty()) {
                throw DynamoException.validation("One or more parameter values were invalid: "
                        + "An attribute name in " + what + " is empty");
            }
            out.set(e.getKey(), validate(e.getValue()));
        }
        return out;
    }

    /** Validates one attribute value and returns a normalised deep copy. */
    public static JsonNode validate(JsonNode av) {
        if (av == null || !av.isObject() || av.size() != 1) {
            throw DynamoException.validation("Supplied AttributeValue is empty, must contain exactly one of the "
                    + "supported datatypes");
        }
        String type = type(av);
        JsonNode p = payload(av);
        if (!TYPES.contains(type)) {
            throw DynamoException.validation("Supplied AttributeValue has unsupported datatype " + type);
        }
        switch (type) {
            case "S":
                requireText(p, type);
                return av.deepCopy();
            case "N":
                requireText(p, type);
                return number(parseNumber(p.asText()));
            case "B":
                requireText(p, type);
                return F.objectNode().put("B", Base64.getEncoder().encodeToString(decodeBinary(p.asText())));
            case "BOOL":
                if (!p.isBoolean()) {
                    throw DynamoException.validation("BOOL attribute value must be true or false");
                }
                return av.deepCopy();
            case "NULL":
                if (!p.isBoolean() || !p.booleanValue()) {
                    throw DynamoException.validation("One or more parameter values were invalid: "
                            + "Null attribute value types must have the value of true");
                }
                return av.deepCopy();
            case "M": {
                if (!p.isObject()) {
                    throw DynamoException.validation("M attribute value must be a map");
                }
                ObjectNode m = F.objectNode();
                p.fields().forEachRemaining(e -> m.set(e.getKey(), validate(e.getValue())));
                return F.objectNode().set("M", m);
            }
            case "L": {
                if (!p.isArray()) {
                    throw DynamoException.validation("L attribute value must be a list");
                }
                ArrayNode l = F.arrayNode();
                p.forEach(e -> l.add(validate(e)));
                return F.objectNode().set("L", l);
            }
            default:
                return validateSet(type, p);
        }
    }

    private static JsonNode validateSet(String type, JsonNode p) {
        if (!p.isArray()) {
            throw DynamoException.validation(type + " attribute value must be a list");
        }
        if (p.isEmpty()) {
            throw DynamoException.validation("One or more parameter values were invalid: An " + setName(type)
                    + "  may not be empty");
        }
        ArrayNode out = F.arrayNode();
        Set<Object> seen = new HashSet<>();
        for (JsonNode e : p) {
            requireText(e, type);
            Object key;
            String canonical;
            if (type.equals("NS")) {
                canonical = formatNumber(parseNumber(e.asText()));
                key = canonical;
            } else if (type.equals("BS")) {
                byte[] b = decodeBinary(e.asText());
                canonical = Base64.getEncoder().encodeToString(b);
                key = canonical;
            } else {
                canonical = e.asText();
                key = canonical;
            }
            if (!seen.add(key)) {
                throw DynamoException.validation("One or more parameter values were invalid: Input collection "
                        + p + " contains duplicates.");
            }
            out.add(canonical);
        }
        return F.objectNode().set(type, out);
    }

    private static String setName(String type) {
        return switch (type) {
            case "SS" -> "string set";
            case "NS" -> "number set";
            default -> "binary set";
        };
    }

    private static void requireText(JsonNode p, String type) {
        if (p == null || !p.isTextual()) {
            throw DynamoException.validation("The parameter '" + type + "' must be a string");
        }
    }

    /** Parses a DynamoDB number, enforcing its 38-digit precision and magnitude range. */
    public static BigDecimal parseNumber(String text) {
        BigDecimal n;
        try {
            n = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw DynamoException.validation("A value provided cannot be converted into a number");
        }
        return checkNumber(n);
    }

    public static BigDecimal checkNumber(BigDecimal n) {
        BigDecimal stripped = n.stripTrailingZeros();
        if (stripped.signum() == 0) {
            return BigDecimal.ZERO;
        }
        if (stripped.precision() > 38) {
            throw DynamoException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        BigDecimal abs = stripped.abs();
        if (abs.compareTo(MAX_MAGNITUDE) >= 0) {
            throw DynamoException.validation("Number overflow. Attempting to store a number with magnitude "
                    + "larger than supported range");
        }
        if (abs.compareTo(MIN_MAGNITUDE) < 0) {
            throw DynamoException.validation("Number underflow. Attempting to store a number with magnitude "
                    + "smaller than supported range");
        }
        return stripped;
    }

    public static String formatNumber(BigDecimal n) {
        BigDecimal s = n.stripTrailingZeros();
        return s.signum() == 0 ? "0" : s.toPlainString();
    }

    public static byte[] decodeBinary(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw DynamoException.serialization("Base64 encoded length is expected a multiple of 4 bytes: "
                    + "invalid binary attribute value");
        }
    }

    public static BigDecimal numberValue(JsonNode av) {
        return new BigDecimal(payload(av).asText());
    }

    /**
     * Orders two scalar values of the same type (S by UTF-8 bytes, N numerically, B as unsigned bytes), or returns
     * null when they are not comparable (different or non-scalar types).
     */
    public static Integer compare(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return null;
        }
        String ta = type(a);
        if (!ta.equals(type(b))) {
            return null;
        }
        switch (ta) {
            case "S":
                return compareBytes(payload(a).asText().getBytes(StandardCharsets.UTF_8),
                        payload(b).asText().getBytes(StandardCharsets.UTF_8));
            case "N":
                return numberValue(a).compareTo(numberValue(b));
            case "B":
                return compareBytes(decodeBinary(payload(a).asText()), decodeBinary(payload(b).asText()));
            default:
                return null;
        }
    }

    private static int compareBytes(byte[] x, byte[] y) {
        return Arrays.compareUnsigned(x, y);
    }

    /** Deep equality with DynamoDB semantics: numbers by value, sets regardless of order. */
    public static boolean equal(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        String ta = type(a);
        if (!ta.equals(type(b))) {
            return false;
        }
        JsonNode pa = payload(a);
        JsonNode pb = payload(b);
        switch (ta) {
            case "N":
                return numberValue(a).compareTo(numberValue(b)) == 0;
            case "SS":
            case "NS":
            case "BS":
                return setMembers(a).equals(setMembers(b));
            case "M": {
                if (pa.size() != pb.size()) {
                    return false;
                }
                Iterator<Map.Entry<String, JsonNode>> it = pa.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!equal(e.getValue(), pb.get(e.getKey()))) {
                        return false;
                    }
                }
                return true;
            }
            case "L": {
                if (pa.size() != pb.size()) {
                    return false;
                }
                for (int i = 0; i < pa.size(); i++) {
                    if (!equal(pa.get(i), pb.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            default:
                return pa.equals(pb);
        }
    }

    /** The members of a set value in canonical string form (numbers normalised). */
    public static Set<String> setMembers(JsonNode av) {
        Set<String> out = new java.util.LinkedHashSet<>();
        boolean numeric = type(av).equals("NS");
        for (JsonNode e : payload(av)) {
            out.add(numeric ? formatNumber(new BigDecimal(e.asText())) : e.asText());
        }
        return out;
    }

    public static boolean isSet(String type) {
        return type.equals("SS") || type.equals("NS") || type.equals("BS");
    }

    /** Whether {@code container} (S, set or L) contains {@code operand}, as the contains() function defines it. */
    public static boolean contains(JsonNode container, JsonNode operand) {
        if (container == null || operand == null) {
            return false;
        }
        String t = type(container);
        String ot = type(operand);
        switch (t) {
            case "S":
                return ot.equals("S") && payload(container).asText().contains(payload(operand).asText());
            case "B":
                return false;
            case "SS":
            case "NS":
            case "BS": {
                if (!ot.equals(t.substring(0, 1))) {
                    return false;
                }
                for (JsonNode e : payload(container)) {
                    if (equal(F.objectNode().set(ot, e), operand)) {
                        return true;
                    }
                }
                return false;
            }
            case "L":
                for (JsonNode e : payload(container)) {
                    if (equal(e, operand)) {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }

    /** The value of the size() function, or null when the type has no size. */
    public static Integer sizeOf(JsonNode av) {
        if (av == null) {
            return null;
        }
        JsonNode p = payload(av);
        return switch (type(av)) {
            case "S" -> p.asText().getBytes(StandardCharsets.UTF_8).length;
            case "B" -> decodeBinary(p.asText()).length;
            case "SS", "NS", "BS", "L", "M" -> p.size();
            default -> null;
        };
    }

    /** The stored size of an item in bytes, following DynamoDB's item size rules. */
    public static long itemSize(JsonNode item) {
        long size = 0;
        Iterator<Map.Entry<String, JsonNode>> it = item.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            size += utf8Length(e.getKey()) + valueSize(e.getValue());
        }
        return size;
    }

    private static long valueSize(JsonNode av) {
        JsonNode p = payload(av);
        switch (type(av)) {
            case "S":
                return utf8Length(p.asText());
            case "N":
                return numberSize(p.asText());
            case "B":
                return decodeBinary(p.asText()).length;
            case "BOOL":
            case "NULL":
                return 1;
            case "SS": {
                long s = 0;
                for (JsonNode e : p) {
                    s += utf8Length(e.asText());
                }
                return s;
            }
            case "NS": {
                long s = 0;
                for (JsonNode e : p) {
                    s += numberSize(e.asText());
                }
                return s;
            }
            case "BS": {
                long s = 0;
                for (JsonNode e : p) {
                    s += decodeBinary(e.asText()).length;
                }
                return s;
            }
            case "M": {
                long s = 3;
                Iterator<Map.Entry<String, JsonNode>> it = p.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    s += utf8Length(e.getKey()) + valueSize(e.getValue()) + 1;
                }
                return s;
            }
            case "L": {
                long s = 3;
                for (JsonNode e : p) {
                    s += valueSize(e) + 1;
                }
                return s;
            }
            default:
                return 0;
        }
    }

    private static long numberSize(String text) {
        String digits = text.replace("-", "").replace(".", "");
        return (digits.length() + 1) / 2 + 1;
    }

    private static long utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
