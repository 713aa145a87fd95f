package dev.sluice.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.dynamodb.AttributeValues;
import java.util.List;

/** A boolean node of a condition, filter or key-condition expression. */
public interface Condition {
    boolean test(ObjectNode item);

    /** Comparison operators. */
    enum Comparator { EQ, NE, LT, LE, GT, GE }

    /** {@code a op b}. */
    record Compare(Operand left, Comparator op, Operand right) implements Condition {
        @Override
        public boolean test(ObjectNode item) {
            JsonNode a = left.evaluate(item);
            JsonNode b = right.evaluate(item);
            if (op == Comparator.EQ) {
                return AttributeValues.equal(a, b);
            }
            if (op == Comparator.NE) {
                return !AttributeValues.equal(a, b);
            }
            Integer c = AttributeValues.compare(a, b);
            if (c == null) {
                return false;
            }
            return switch (op) {
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                default -> c >= 0;
            };
        }
    }

    /** {@code v BETWEEN lo AND hi}. */
    record Between(Operand value, Operand low, Operand high) implements Condition {
        @Override
        public boolean test(ObjectNode item) {
            JsonNode v = value.evaluate(item);
            Integer lo = AttributeValues.compare(v, low.evaluate(item));
            Integer hi = AttributeValues.compare(v, high.evaluate(item));
            return lo != null && hi != null && lo >= 0 && hi <= 0;
        }
    }

    /** {@code v IN (a, b, ...)}. */
    record In(Operand value, List<Operand> candidates) implements Condition {
        @Override
        public boolean test(ObjectNode item) {
            JsonNode v = value.evaluate(item);
            for (Operand c : candidates) {
                if (AttributeValues.equal(v, c.evaluate(item))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code a AND b}. */
    record And(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(ObjectNode item) {
            return left.test(item) && right.test(item);
        }
    }

    /** {@code a OR b}. */
    record Or(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(ObjectNode item) {
            return left.test(item) || right.test(item);
        }
    }

    /** {@code NOT a}. */
    record Not(Condition inner) implements Condition {
        @Override
        public boolean test(ObjectNode item) {
            return !inner.test(item);
        }
    }

    /** {@code attribute_exists(path)} / {@code attribute_not_exists(path)}. */
    record Exists(Path path, boolean expected) implements Condition {
        @Override
        public boolean test(ObjectNode item) {
            return (DocumentPaths.get(item, path) != null) == expected;
        }
    }

    /** {@code attribute_type(path, :type)}. */
    record AttributeType(Path path, String type) implements Condition {
        @Override
        public boolean test(ObjectNode item) {
            JsonNode v = DocumentPaths.get(item, path);
            return v != null && AttributeValues.type(v).equals(type);
        }
    }

    /** {@code begins_with(a, b)} for strings and binaries. */
    record BeginsWith(Operand value, Operand prefix) implements Condition {
        @Override
        public boolean test(ObjectNode item) {
            JsonNode v = value.evaluate(item);
            JsonNode p = prefix.evaluate(item);
            if (v == null || p == null || !AttributeValues.type(v).equals(AttributeValues.type(p))) {
                return false;
            }
            String t = AttributeValues.type(v);
            if (t.equals("S")) {
                return AttributeValues.payload(v).asText().startsWith(AttributeValues.payload(p).asText());
            }
            if (t.equals("B")) {
                byte[] a = AttributeValues.decodeBinary(AttributeValues.payload(v).asText());
                byte[] b = AttributeValues.decodeBinary(AttributeValues.payload(p).asText());
                return a.length >= b.length && java.util.Arrays.equals(a, 0, b.length, b, 0, b.length);
            }
            return false;
        }
    }

    /** {@code contains(path, operand)}. */
    record Contains(Operand container, Operand operand) implements Condition {
        @Override
        public boolean test(ObjectNode item) {
            return AttributeValues.contains(container.evaluate(item), operand.evaluate(item));
        }
    }
}
