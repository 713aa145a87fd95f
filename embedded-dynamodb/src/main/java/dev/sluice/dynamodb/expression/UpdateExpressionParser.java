package dev.sluice.dynamodb.expression;

import dev.sluice.dynamodb.AttributeValues;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Parses an UpdateExpression ({@code SET ... REMOVE ... ADD ... DELETE ...}) into a list of {@link UpdateAction}. */
public final class UpdateExpressionParser extends ExpressionParser {
    private UpdateExpressionParser(String text, ExpressionContext context) {
        super("UpdateExpression", text, context);
    }

    public static List<UpdateAction> parse(String text, ExpressionContext context) {
        UpdateExpressionParser p = new UpdateExpressionParser(text, context);
        List<UpdateAction> actions = p.parseClauses();
        p.checkOverlaps(actions);
        return actions;
    }

    private List<UpdateAction> parseClauses() {
        List<UpdateAction> actions = new ArrayList<>();
        Set<UpdateAction.Kind> seen = EnumSet.noneOf(UpdateAction.Kind.class);
        while (!peek().is(Token.Kind.EOF)) {
            Token clause = next();
            UpdateAction.Kind kind;
            try {
                kind = clause.is(Token.Kind.IDENTIFIER)
                        ? UpdateAction.Kind.valueOf(clause.text().toUpperCase(Locale.ROOT)) : null;
            } catch (IllegalArgumentException e) {
                kind = null;
            }
            if (kind == null) {
                throw unexpected(clause);
            }
            if (!seen.add(kind)) {
                throw invalid("The \"" + kind + "\" section can only be used once in an update expression;");
            }
            do {
                actions.add(parseAction(kind));
            } while (peek().is(Token.Kind.COMMA) && next() != null);
        }
        return actions;
    }

    private UpdateAction parseAction(UpdateAction.Kind kind) {
        if (!atPathStart()) {
            throw unexpected(peek());
        }
        Path path = parsePath();
        switch (kind) {
            case SET -> {
                expect(Token.Kind.EQ);
                return new UpdateAction(kind, path, parseSetValue());
            }
            case REMOVE -> {
                return new UpdateAction(kind, path, null);
            }
            default -> {
                Operand.Literal v = parseValue();
                String t = AttributeValues.type(v.value());
                boolean ok = kind == UpdateAction.Kind.ADD
                        ? t.equals("N") || AttributeValues.isSet(t) : AttributeValues.isSet(t);
                if (!ok) {
                    throw invalid("Incorrect operand type for operator or function; operator: " + kind
                            + ", operand type: " + t);
                }
                return new UpdateAction(kind, path, v);
            }
        }
    }

    private Operand parseSetValue() {
        Operand left = parseSetOperand();
        if (peek().is(Token.Kind.PLUS) || peek().is(Token.Kind.MINUS)) {
            boolean plus = next().is(Token.Kind.PLUS);
            return new Operand.Arithmetic(left, plus, parseSetOperand());
        }
        return left;
    }

    private Operand parseSetOperand() {
        Token t = peek();
        if (t.is(Token.Kind.VALUE_PLACEHOLDER)) {
            return parseValue();
        }
        if (t.is(Token.Kind.IDENTIFIER) && peek(1).is(Token.Kind.LPAREN)) {
            next();
            expect(Token.Kind.LPAREN);
            Operand result;
            switch (t.text()) {
                case "if_not_exists" -> {
                    if (!atPathStart()) {
                        throw invalid("Operator or function requires a document path; operator or function: "
                                + "if_not_exists");
                    }
                    Path p = parsePath();
                    expect(Token.Kind.COMMA);
                    result = new Operand.IfNotExists(p, parseSetOperand());
                }
                case "list_append" -> {
                    Operand a = parseSetOperand();
                    expect(Token.Kind.COMMA);
                    result = new Operand.ListAppend(a, parseSetOperand());
                }
                case "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains",
                        "size" -> throw invalid("The function is not allowed in an update expression; function: "
                        + t.text());
                default -> throw invalid("Invalid function name; function: " + t.text());
            }
            expect(Token.Kind.RPAREN);
            return result;
        }
        if (atPathStart()) {
            return new Operand.PathRef(parsePath());
        }
        throw unexpected(t);
    }

    private void checkOverlaps(List<UpdateAction> actions) {
        for (int i = 0; i < actions.size(); i++) {
            for (int j = i + 1; j < actions.size(); j++) {
                Path a = actions.get(i).path();
                Path b = actions.get(j).path();
                if (a.equals(b)) {
                    throw invalid("Two document paths overlap with each other; must remove or rewrite one of these "
                            + "paths; path one: " + a + ", path two: " + b);
                }
                if (a.overlaps(b)) {
                    throw invalid("Two document paths overlap with each other; must remove or rewrite one of these "
                            + "paths; path one: " + a + ", path two: " + b);
                }
            }
        }
    }
}
