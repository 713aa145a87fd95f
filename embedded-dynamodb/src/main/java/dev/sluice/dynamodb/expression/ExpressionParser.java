package dev.sluice.dynamodb.expression;

import dev.sluice.dynamodb.DynamoException;
import java.util.ArrayList;
import java.util.List;

/** Shared recursive-descent machinery: token cursor, document paths, placeholders and error reporting. */
abstract class ExpressionParser {
    protected final String expressionName;
    protected final String text;
    protected final ExpressionContext context;
    private final List<Token> tokens;
    private int pos;

    ExpressionParser(String expressionName, String text, ExpressionContext context) {
        if (text == null || text.isBlank()) {
            throw DynamoException.validation("Invalid " + expressionName + ": The expression can not be empty;");
        }
        this.expressionName = expressionName;
        this.text = text;
        this.context = context;
        this.tokens = ExpressionLexer.tokenize(expressionName, text);
    }

    protected Token peek() {
        return tokens.get(pos);
    }

    protected Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    protected Token next() {
        Token t = tokens.get(pos);
        if (pos < tokens.size() - 1) {
            pos++;
        }
        return t;
    }

    protected Token expect(Token.Kind kind) {
        Token t = peek();
        if (!t.is(kind)) {
            throw unexpected(t);
        }
        return next();
    }

    protected void expectEnd() {
        if (!peek().is(Token.Kind.EOF)) {
            throw unexpected(peek());
        }
    }

    protected DynamoException unexpected(Token t) {
        return ExpressionLexer.syntaxError(expressionName, text, t.text(), t.position());
    }

    protected DynamoException invalid(String detail) {
        return DynamoException.validation("Invalid " + expressionName + ": " + detail);
    }

    protected boolean atPathStart() {
        Token t = peek();
        return t.is(Token.Kind.NAME_PLACEHOLDER)
                || (t.is(Token.Kind.IDENTIFIER) && !peek(1).is(Token.Kind.LPAREN));
    }

    /** Parses {@code name(.name|[n])*} with placeholders resolved; rejects bare reserved words. */
    protected Path parsePath() {
        List<Object> elements = new ArrayList<>();
        elements.add(pathName());
        while (true) {
            if (peek().is(Token.Kind.DOT)) {
                next();
                elements.add(pathName());
            } else if (peek().is(Token.Kind.LBRACKET)) {
                next();
                Token idx = expect(Token.Kind.INTEGER);
                expect(Token.Kind.RBRACKET);
                try {
                    elements.add(Integer.parseInt(idx.text()));
                } catch (NumberFormatException e) {
                    throw unexpected(idx);
                }
            } else {
                return new Path(elements);
            }
        }
    }

    private String pathName() {
        Token t = next();
        if (t.is(Token.Kind.NAME_PLACEHOLDER)) {
            return context.name(t.text());
        }
        if (t.is(Token.Kind.IDENTIFIER)) {
            if (ReservedWords.isReserved(t.text())) {
                throw invalid("Attribute name is a reserved keyword; reserved keyword: " + t.text());
            }
            return t.text();
        }
        throw unexpected(t);
    }

    protected Operand.Literal parseValue() {
        Token t = expect(Token.Kind.VALUE_PLACEHOLDER);
        return new Operand.Literal(t.text(), context.value(t.text()));
    }
}
