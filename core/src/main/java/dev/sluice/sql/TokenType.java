package dev.sluice.sql;

/** The kinds of lexical token {@link SqlLexer} produces. */
public enum TokenType {
    /** Spaces, tabs, line breaks. */
    WHITESPACE,
    /** {@code -- ...}, {@code # ...} and {@code /* ... *}{@code /} comments, including {@code /*! ... *}{@code /}. */
    COMMENT,
    /** An unquoted identifier or keyword. */
    WORD,
    /** A {@code `backtick`} identifier (or a "double-quoted" one under ANSI_QUOTES). */
    QUOTED_ID,
    /** A string literal: {@code 'x'}, {@code "x"}, {@code N'x'}, {@code X'0A'}, {@code B'01'}. */
    STRING,
    /** A numeric literal. */
    NUMBER,
    /** A user or system variable: {@code @v}, {@code @'v'}, {@code @@session.v}. */
    VARIABLE,
    /** An operator or punctuation character (or a multi-character operator such as {@code :=}). */
    SYMBOL
}
