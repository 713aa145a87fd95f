package dev.sluice.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.dynamodb.AttributeValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses ConditionExpression, FilterExpression and KeyConditionExpression text into a {@link Condition} tree.
 * Precedence, lowest first: OR, AND, NOT, then comparisons/BETWEEN/IN/functions and parentheses.
 */
public final class ConditionExpressionParser extends ExpressionParser {
    private static final Set<String> TYPES = Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");
    private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN");

    private ConditionExpressionParser(String expressionName, String text, ExpressionContext context) {
        super(expressionName, text, context);
    }

    /** Parses {@code text}; {@code expressionName} (e.g. "ConditionExpression") is used in error messages. */
    public static Condition parse(String expressionName, String text, ExpressionContext context) {
        ConditionExpressionParser p = new ConditionExpressionParser(expressionName, text, context);
        Condition c = p.parseOr();
        p.expectEnd();
        return c;
    }

    private Condition parseOr() {
        Condition left = parseAnd();
        while (peek().isKeyword("OR")) {
            next();
            left = new Condition.Or(left, parseAnd());
        }
        return left;
    }

    private Condition parseAnd() {
        Condition left = parseNot();
        while (peek().isKeyword("AND")) {
            next();
            left = new Condition.And(left, parseNot());
        }
        return left;
    }

    private Condition parseNot() {
        if (peek().isKeyword("NOT")) {
            next();
            return new Condition.Not(parseNot());
        }
        return parsePrimary();
    }

    private Condition parsePrimary() {
        Token t = peek();
        if (t.is(Token.Kind.LPAREN)) {
            next();
            Condition inner = parseOr();
            expect(Token.Kind.RPAREN);
            return inner;
        }
        if (t.is(Token.Kind.IDENTIFIER) && peek(1).is(Token.Kind.LPAREN) && !t.text().equals("size")) {
            return parseFunctionCondition();
        }
        Operand left = parseOperand();
        Token op = peek();
        if (op.isKeyword("BETWEEN")) {
            next();
            Operand low = parseOperand();
            Token and = next();
            if (!and.isKeyword("AND")) {
                throw unexpected(and);
            }
            Operand high = parseOperand();
            checkBounds(low, high);
            return new Condition.Between(left, low, high);
        }
        if (op.isKeyword("IN")) {
            next();
            expect(Token.Kind.LPAREN);
            List<Operand> candidates = new ArrayList<>();
            candidates.add(parseOperand());
            while (peek().is(Token.Kind.COMMA)) {
                next();
                candidates.add(parseOperand());
            }
            expect(Token.Kind.RPAREN);
            if (candidates.size() > 100) {
                throw invalid("The IN operator is provided with too many operands; number of operands: "
                        + candidates.size());
            }
            return new Condition.In(left, candidates);
        }
        Condition.Comparator comparator = switch (op.kind()) {
            case EQ -> Condition.Comparator.EQ;
            case NE -> Condition.Comparator.NE;
            case LT -> Condition.Comparator.LT;
            case LE -> Condition.Comparator.LE;
            case GT -> Condition.Comparator.GT;
            case GE -> Condition.Comparator.GE;
            default -> throw unexpected(op);
        };
        next();
        return new Condition.Compare(left, comparator, parseOperand());
    }

    private void checkBounds(Operand low, Operand high) {
        if (low instanceof Operand.Literal l && high instanceof Operand.Literal h) {
            Integer c = AttributeValues.compare(l.value(), h.value());
            if (c == null) {
                throw invalid("The BETWEEN operator requires same data type for lower and upper bounds; "
                        + "lower bound operand: AttributeValue: " + l.value() + ", upper bound operand: "
                        + "AttributeValue: " + h.value());
            }
            if (c > 0) {
                throw invalid("The BETWEEN operator requires upper bound to be greater than or equal to lower "
                        + "bound; lower bound operand: AttributeValue: " + l.value() + ", upper bound operand: "
                        + "AttributeValue: " + h.value());
            }
        }
    }

    private Condition parseFunctionCondition() {
        Token name = next();
        expect(Token.Kind.LPAREN);
        Condition result;
        switch (name.text()) {
            case "attribute_exists", "attribute_not_exists" -> {
                Path path = parsePathArgument(name);
                result = new Condition.Exists(path, name.text().equals("attribute_exists"));
            }
            case "attribute_type" -> {
                Path path = parsePathArgument(name);
                expect(Token.Kind.COMMA);
                Operand.Literal type = parseValue();
                JsonNode v = type.value();
                if (!AttributeValues.type(v).equals("S") || !TYPES.contains(AttributeValues.payload(v).asText())) {
                    throw invalid("Invalid attribute type name found; type: " + v + ", valid types: "
                            + "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
                }
                result = new Condition.AttributeType(path, AttributeValues.payload(v).asText());
            }
            case "begins_with" -> {
                Operand a = parseOperand();
                expect(Token.Kind.COMMA);
                result = new Condition.BeginsWith(a, parseOperand());
            }
            case "contains" -> {
                Operand a = parseOperand();
                expect(Token.Kind.COMMA);
                result = new Condition.Contains(a, parseOperand());
            }
            case "if_not_exists", "list_append" -> throw invalid("The function is not allowed to be used this way "
                    + "in an expression; function: " + name.text());
            default -> throw invalid("Invalid function name; function: " + name.text());
        }
        expect(Token.Kind.RPAREN);
        return result;
    }

    private Path parsePathArgument(Token function) {
        if (!atPathStart()) {
            throw invalid("Operator or function requires a document path; operator or function: "
                    + function.text());
        }
        return parsePath();
    }

    private Operand parseOperand() {
        Token t = peek();
        if (t.is(Token.Kind.VALUE_PLACEHOLDER)) {
            return parseValue();
        }
        if (t.is(Token.Kind.IDENTIFIER) && peek(1).is(Token.Kind.LPAREN)) {
            if (!t.text().equals("size")) {
                throw invalid("The function is not allowed to be used this way in an expression; function: "
                        + t.text());
            }
            next();
            expect(Token.Kind.LPAREN);
            Path p = parsePathArgument(t);
            expect(Token.Kind.RPAREN);
            return new Operand.Size(p);
        }
        if (t.is(Token.Kind.IDENTIFIER) && KEYWORDS.contains(t.text().toUpperCase())) {
            throw unexpected(t);
        }
        if (atPathStart()) {
            return new Operand.PathRef(parsePath());
        }
        throw unexpected(t);
    }
}
