package dev.sluice.dynamodb.expression;

import dev.sluice.dynamodb.DynamoException;
import java.util.ArrayList;
import java.util.List;

/** Splits a DynamoDB expression into tokens; rejects any character the expression grammar does not know. */
public final class ExpressionLexer {
    private ExpressionLexer() {
    }

    public static List<Token> tokenize(String expressionName, String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (Character.isLetter(c) || c == '_') {
                while (i < n && isWordChar(text.charAt(i))) {
                    i++;
                }
                out.add(new Token(Token.Kind.IDENTIFIER, text.substring(start, i), start));
            } else if (c == '#' || c == ':') {
                i++;
                while (i < n && isWordChar(text.charAt(i))) {
                    i++;
                }
                if (i == start + 1) {
                    throw syntaxError(expressionName, text, String.valueOf(c), start);
                }
                out.add(new Token(c == '#' ? Token.Kind.NAME_PLACEHOLDER : Token.Kind.VALUE_PLACEHOLDER,
                        text.substring(start, i), start));
            } else if (Character.isDigit(c)) {
                while (i < n && Character.isDigit(text.charAt(i))) {
                    i++;
                }
                out.add(new Token(Token.Kind.INTEGER, text.substring(start, i), start));
            } else {
                Token.Kind kind;
                int len = 1;
                switch (c) {
                    case '(' -> kind = Token.Kind.LPAREN;
                    case ')' -> kind = Token.Kind.RPAREN;
                    case '[' -> kind = Token.Kind.LBRACKET;
                    case ']' -> kind = Token.Kind.RBRACKET;
                    case ',' -> kind = Token.Kind.COMMA;
                    case '.' -> kind = Token.Kind.DOT;
                    case '=' -> kind = Token.Kind.EQ;
                    case '+' -> kind = Token.Kind.PLUS;
                    case '-' -> kind = Token.Kind.MINUS;
                    case '<' -> {
                        if (i + 1 < n && text.charAt(i + 1) == '=') {
                            kind = Token.Kind.LE;
                            len = 2;
                        } else if (i + 1 < n && text.charAt(i + 1) == '>') {
                            kind = Token.Kind.NE;
                            len = 2;
                        } else {
                            kind = Token.Kind.LT;
                        }
                    }
                    case '>' -> {
                        if (i + 1 < n && text.charAt(i + 1) == '=') {
                            kind = Token.Kind.GE;
                            len = 2;
                        } else {
                            kind = Token.Kind.GT;
                        }
                    }
                    default -> throw syntaxError(expressionName, text, String.valueOf(c), start);
                }
                out.add(new Token(kind, text.substring(start, start + len), start));
                i += len;
            }
        }
        out.add(new Token(Token.Kind.EOF, "<EOF>", n));
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** A ValidationException in DynamoDB's wording that names the offending token. */
    public static DynamoException syntaxError(String expressionName, String text, String token, int position) {
        int from = Math.max(0, position - 10);
        int to = Math.min(text.length(), position + token.length() + 10);
        return DynamoException.validation("Invalid " + expressionName + ": Syntax error; token: \"" + token
                + "\", near: \"" + text.substring(from, to) + "\"");
    }
}
