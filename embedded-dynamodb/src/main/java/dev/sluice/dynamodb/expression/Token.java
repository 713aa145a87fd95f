package dev.sluice.dynamodb.expression;

/** One lexical token of a DynamoDB expression, with its position for error messages. */
public record Token(Kind kind, String text, int position) {
    /** Token categories. */
    public enum Kind {
        IDENTIFIER, NAME_PLACEHOLDER, VALUE_PLACEHOLDER, INTEGER,
        LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOT, EQ, NE, LT, LE, GT, GE, PLUS, MINUS, EOF
    }

    public boolean is(Kind k) {
        return kind == k;
    }

    /** Whether this is the (case-insensitive) keyword {@code word}. */
    public boolean isKeyword(String word) {
        return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(word);
    }
}
