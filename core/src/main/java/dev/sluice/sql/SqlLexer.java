package dev.sluice.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A small, lossless MySQL/MariaDB lexer: it splits a SQL text into tokens whose texts concatenate back to the
 * input exactly, and knows quoted identifiers, string literals (with backslash escapes unless
 * NO_BACKSLASH_ESCAPES), comments (including executable {@code /*! ... *}{@code /} ones, which {@link #executed} reads
 * as code), variables and numbers,
 * so that code that renames identifiers never touches text inside strings or comments.
 */
public final class SqlLexer {
    private final boolean ansiQuotes;
    private final boolean noBackslashEscapes;

    /** A lexer for the default sql_mode (double quotes delimit strings, backslash escapes on). */
    public SqlLexer() {
        this(false, false);
    }

    public SqlLexer(boolean ansiQuotes, boolean noBackslashEscapes) {
        this.ansiQuotes = ansiQuotes;
        this.noBackslashEscapes = noBackslashEscapes;
    }

    /** A lexer matching a sql_mode string (ANSI_QUOTES, ANSI, NO_BACKSLASH_ESCAPES are honored). */
    public static SqlLexer forSqlMode(String sqlMode) {
        String m = sqlMode == null ? "" : "," + sqlMode.toUpperCase(java.util.Locale.ROOT) + ",";
        return new SqlLexer(m.contains(",ANSI_QUOTES,") || m.contains(",ANSI,"), m.contains(",NO_BACKSLASH_ESCAPES,"));
    }

    /** Tokens of {@code sql}, whitespace and comments included. An unterminated quote runs to the end. */
    public List<Token> tokenize(String sql) {
        return tokenize(sql, false);
    }

    /** Tokens without whitespace and comments. */
    public List<Token> significant(String sql) {
        return tokenize(sql, false).stream().filter(t -> !t.isTrivia()).toList();
    }

    /**
     * Tokens without whitespace and comments, reading the body of each executable comment
     * ({@code /*!50100 ... *}{@code /}, and MariaDB's {@code /*M!100100 ... *}{@code /}) as code the way the server
     * runs it: only its opener and closer are comments.
     */
    public List<Token> executed(String sql) {
        return tokenize(sql, true).stream().filter(t -> !t.isTrivia()).toList();
    }

    private List<Token> tokenize(String sql, boolean executableAsCode) {
        List<Token> out = new ArrayList<>();
        boolean inExecutable = false;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            TokenType type;
            if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(sql.charAt(i))) {
                    i++;
                }
                type = TokenType.WHITESPACE;
            } else if (c == '#' || isDashComment(sql, i)) {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                type = TokenType.COMMENT;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                // /*!NNNNN ... */ (MySQL and MariaDB) and /*M!NNNNNN ... */ (MariaDB only; MySQL skips it, so
                // reading it as code only matters where it runs)
                boolean mariaDbOnly = i + 3 < n && sql.charAt(i + 2) == 'M' && sql.charAt(i + 3) == '!';
                if (executableAsCode && i + 2 < n && (sql.charAt(i + 2) == '!' || mariaDbOnly)) {
                    i += mariaDbOnly ? 4 : 3;
                    while (i < n && Character.isDigit(sql.charAt(i))) {
                        i++;
                    }
                    inExecutable = true;
                } else {
                    int close = sql.indexOf("*/", i + 2);
                    i = close < 0 ? n : close + 2;
                }
                type = TokenType.COMMENT;
            } else if (inExecutable && c == '*' && i + 1 < n && sql.charAt(i + 1) == '/') {
                i += 2;
                inExecutable = false;
                type = TokenType.COMMENT;
            } else if (c == '`') {
                i = quoted(sql, i, '`', true);
                type = TokenType.QUOTED_ID;
            } else if (c == '\'') {
                i = quoted(sql, i, '\'', noBackslashEscapes);
                type = TokenType.STRING;
            } else if (c == '"') {
                i = quoted(sql, i, '"', ansiQuotes || noBackslashEscapes);
                type = ansiQuotes ? TokenType.QUOTED_ID : TokenType.STRING;
            } else if ((c == 'N' || c == 'n' || c == 'X' || c == 'x' || c == 'B' || c == 'b')
                    && i + 1 < n && sql.charAt(i + 1) == '\'' && (i == 0 || !isWordChar(sql.charAt(i - 1)))) {
                i = quoted(sql, i + 1, '\'', c != 'N' && c != 'n' || noBackslashEscapes);
                type = TokenType.STRING;
            } else if (c == '@') {
                i = variable(sql, i, out);
                type = i == start + 1 ? TokenType.SYMBOL : TokenType.VARIABLE;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))
                    && !afterIdentifier(out))) {
                int[] r = number(sql, i);
                i = r[0];
                type = r[1] == 1 ? TokenType.NUMBER : TokenType.WORD;
            } else if (isWordChar(c)) {
                while (i < n && isWordChar(sql.charAt(i))) {
                    i++;
                }
                type = TokenType.WORD;
            } else {
                i = symbol(sql, i);
                type = TokenType.SYMBOL;
            }
            out.add(new Token(type, sql.substring(start, i), start));
        }
        return out;
    }

    /**
     * End (exclusive) of the string literal, quoted identifier or comment that starts at {@code i}, or {@code i}
     * when none starts there: for code that scans a text for something else, such as a client's statement
     * delimiter, and must not find it inside quotes or comments. Executable comments count as comments here.
     */
    public int skipQuotedOrComment(String sql, int i) {
        int n = sql.length();
        char c = sql.charAt(i);
        if (c == '#' || isDashComment(sql, i)) {
            int newline = sql.indexOf('\n', i);
            return newline < 0 ? n : newline;
        }
        if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
            int close = sql.indexOf("*/", i + 2);
            return close < 0 ? n : close + 2;
        }
        return switch (c) {
            case '`' -> quoted(sql, i, '`', true);
            case '\'' -> quoted(sql, i, '\'', noBackslashEscapes);
            case '"' -> quoted(sql, i, '"', ansiQuotes || noBackslashEscapes);
            default -> i;
        };
    }

    /** {@code --} followed by whitespace or the end: a comment to the end of the line. */
    private static boolean isDashComment(String sql, int i) {
        int n = sql.length();
        return sql.startsWith("--", i) && (i + 2 == n || sql.charAt(i + 2) <= ' ');
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }

    private static boolean afterIdentifier(List<Token> out) {
        if (out.isEmpty()) {
            return false;
        }
        Token last = out.get(out.size() - 1);
        return last.isIdentifier();
    }

    private static int quoted(String sql, int i, char q, boolean doubledOnly) {
        int n = sql.length();
        i++;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\\' && !doubledOnly && i + 1 < n) {
                i += 2;
            } else if (c == q) {
                if (i + 1 < n && sql.charAt(i + 1) == q) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    private int variable(String sql, int i, List<Token> out) {
        int n = sql.length();
        // user@host in DEFINER clauses: '@' directly after a quoted name or word is a separator
        if (!out.isEmpty()) {
            Token prev = out.get(out.size() - 1);
            if (prev.type() == TokenType.QUOTED_ID || prev.type() == TokenType.STRING || prev.type() == TokenType.WORD) {
                return i + 1;
            }
        }
        int j = i + 1;
        if (j < n && sql.charAt(j) == '@') {
            j++;
        }
        if (j < n && (sql.charAt(j) == '\'' || sql.charAt(j) == '"' || sql.charAt(j) == '`')) {
            return quoted(sql, j, sql.charAt(j), sql.charAt(j) == '`');
        }
        while (j < n && (isWordChar(sql.charAt(j)) || sql.charAt(j) == '.')) {
            j++;
        }
        return j;
    }

    /** End of a number and 1, or the end of an identifier that starts with digits and 0. */
    private static int[] number(String sql, int i) {
        int n = sql.length();
        int start = i;
        if (sql.charAt(i) == '0' && i + 1 < n && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'b')) {
            int j = i + 2;
            while (j < n && isWordChar(sql.charAt(j))) {
                j++;
            }
            String body = sql.substring(i + 2, j);
            boolean hex = sql.charAt(i + 1) == 'x' ? body.matches("[0-9a-fA-F]+") : body.matches("[01]+");
            return new int[] {j, hex ? 1 : 0};
        }
        while (i < n && Character.isDigit(sql.charAt(i))) {
            i++;
        }
        if (i < n && isWordChar(sql.charAt(i)) && !(sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            while (i < n && isWordChar(sql.charAt(i))) {
                i++;
            }
            return new int[] {i, 0}; // identifier such as 1abc
        }
        if (i < n && sql.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(sql.charAt(i))) {
                i++;
            }
        }
        if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                j++;
            }
            if (j < n && Character.isDigit(sql.charAt(j))) {
                i = j;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
            } else if (i > start) {
                while (i < n && isWordChar(sql.charAt(i))) {
                    i++;
                }
                return new int[] {i, 0};
            }
        }
        return new int[] {i, 1};
    }

    private static final String[] OPERATORS = {"<=>", "->>", ":=", "<=", ">=", "<>", "!=", "||", "&&", "<<", ">>", "->"};

    private static int symbol(String sql, int i) {
        for (String op : OPERATORS) {
            if (sql.startsWith(op, i)) {
                return i + op.length();
            }
        }
        return i + 1;
    }
}
