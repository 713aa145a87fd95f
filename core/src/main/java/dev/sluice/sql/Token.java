package dev.sluice.sql;

import java.util.Locale;

/** One lexical token of a SQL text: its type, its exact source text and where it starts. */
public record Token(TokenType type, String text, int start) {

    /** True for whitespace and comments, which carry no meaning for name resolution. */
    public boolean isTrivia() {
        return type == TokenType.WHITESPACE || type == TokenType.COMMENT;
    }

    /** True for an unquoted or quoted identifier (an unquoted one may also be a keyword). */
    public boolean isIdentifier() {
        return type == TokenType.WORD || type == TokenType.QUOTED_ID;
    }

    /** The identifier with quotes removed and doubled quote characters undone; the text for other tokens. */
    public String name() {
        if (type != TokenType.QUOTED_ID) {
            return text;
        }
        char q = text.charAt(0);
        String inner = text.substring(1, text.length() - 1);
        return inner.replace(String.valueOf(q) + q, String.valueOf(q));
    }

    /** True when this is the unquoted word {@code keyword} (case-insensitive). */
    public boolean is(String keyword) {
        return type == TokenType.WORD && text.equalsIgnoreCase(keyword);
    }

    /** True when this is the symbol {@code symbol}. */
    public boolean isSymbol(String symbol) {
        return type == TokenType.SYMBOL && text.equals(symbol);
    }

    /** Upper-cased text of a word, for keyword comparisons. */
    public String upper() {
        return text.toUpperCase(Locale.ROOT);
    }

    public int end() {
        return start + text.length();
    }
}
