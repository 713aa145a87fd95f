package dev.sluice.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * A row filter of one table ({@code objects[].where.<table>}): a SQL condition over that table's own columns that
 * selects the rows a task copies, replicates and verifies. It is read token by token and only a deterministic
 * subset of MySQL expressions is accepted: column names (unqualified), literals (numbers, single-quoted strings,
 * NULL, TRUE, FALSE), comparison and arithmetic operators, AND / OR / NOT / XOR, IS, IN, BETWEEN, LIKE, CASE and
 * a list of deterministic functions. Refused with a message: subqueries, variables, comments, statement
 * separators, qualified names, and functions whose result depends on the time, the session or chance (NOW(),
 * RAND(), UUID(), USER() ...): the same row must give the same answer in the full copy, in replication and in
 * verification. Whether the columns exist and the SQL is valid is checked against the source at precheck.
 */
public final class RowFilter {
    private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "XOR", "IS", "NULL", "TRUE", "FALSE",
            "UNKNOWN", "IN", "BETWEEN", "LIKE", "ESCAPE", "DIV", "MOD", "CASE", "WHEN", "THEN", "ELSE", "END",
            "REGEXP", "RLIKE");
    private static final Set<String> FUNCTIONS = Set.of("ABS", "CEIL", "CEILING", "FLOOR", "ROUND", "TRUNCATE",
            "MOD", "SIGN", "LOWER", "UPPER", "LCASE", "UCASE", "LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH",
            "SUBSTRING", "SUBSTR", "LEFT", "RIGHT", "TRIM", "LTRIM", "RTRIM", "CONCAT", "CONCAT_WS", "COALESCE",
            "IFNULL", "NULLIF", "IF", "LOCATE", "INSTR", "REPLACE", "REVERSE", "YEAR", "MONTH", "DAY", "DAYOFMONTH",
            "HOUR", "MINUTE", "SECOND", "DATE", "DATEDIFF", "GREATEST", "LEAST");
    private static final Set<String> NOT_DETERMINISTIC = Set.of("NOW", "SYSDATE", "CURRENT_TIMESTAMP",
            "CURRENT_DATE", "CURRENT_TIME", "CURDATE", "CURTIME", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP",
            "LOCALTIME", "LOCALTIMESTAMP", "UNIX_TIMESTAMP", "RAND", "RANDOM_BYTES", "UUID", "UUID_SHORT",
            "CONNECTION_ID", "USER", "CURRENT_USER", "SESSION_USER", "SYSTEM_USER", "DATABASE", "SCHEMA", "VERSION",
            "LAST_INSERT_ID", "FOUND_ROWS", "ROW_COUNT", "SLEEP", "BENCHMARK", "GET_LOCK", "RELEASE_LOCK",
            "IS_FREE_LOCK", "LOAD_FILE");

    private enum Type { IDENT, WORD, FUNCTION, STRING, NUMBER, OPERATOR }

    private record Token(Type type, String text) {
    }

    private final String text;
    private final List<Token> tokens;
    private final Set<String> columns;

    private RowFilter(String text, List<Token> tokens, Set<String> columns) {
        this.text = text;
        this.tokens = tokens;
        this.columns = columns;
    }

    /** Reads a filter; an {@link IllegalArgumentException} says what is not allowed and why. */
    public static RowFilter parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty condition; write a SQL condition such as \"country = 'FR'\"");
        }
        List<Token> tokens = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        int depth = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw new IllegalArgumentException("a string literal is not closed");
                    }
                    char d = text.charAt(j);
                    if (d == '\\') {
                        j += 2;
                    } else if (d == '\'' && j + 1 < n && text.charAt(j + 1) == '\'') {
                        j += 2;
                    } else if (d == '\'') {
                        break;
                    } else {
                        j++;
                    }
                }
                tokens.add(new Token(Type.STRING, text.substring(i, j + 1)));
                i = j + 1;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '.'
                        || ((text.charAt(j) == '+' || text.charAt(j) == '-')
                        && Character.toUpperCase(text.charAt(j - 1)) == 'E'))) {
                    j++;
                }
                String num = text.substring(i, j);
                if (!num.matches("(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                    throw new IllegalArgumentException("'" + num + "' is not a number; write plain decimal numbers");
                }
                tokens.add(new Token(Type.NUMBER, num));
                i = j;
            } else if (c == '`') {
                int j = text.indexOf('`', i + 1);
                if (j < 0) {
                    throw new IllegalArgumentException("a `quoted` column name is not closed");
                }
                String name = text.substring(i + 1, j);
                columns.add(name);
                tokens.add(new Token(Type.IDENT, name));
                i = j + 1;
                noQualifier(text, i);
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_'
                        || text.charAt(j) == '$')) {
                    j++;
                }
                String word = text.substring(i, j);
                String upper = word.toUpperCase(Locale.ROOT);
                int k = j;
                while (k < n && Character.isWhitespace(text.charAt(k))) {
                    k++;
                }
                boolean call = k < n && text.charAt(k) == '(';
                if (upper.equals("SELECT")) {
                    throw new IllegalArgumentException("subqueries are not allowed; use only the table's own columns");
                }
                if (NOT_DETERMINISTIC.contains(upper)) {
                    throw new IllegalArgumentException(word + " is not deterministic (its value depends on the time, "
                            + "the session or chance), so a row could be copied but not replicated or verified the "
                            + "same way; compare with a constant instead");
                }
                if (call) {
                    if (!FUNCTIONS.contains(upper) && !upper.equals("IN")) {
                        throw new IllegalArgumentException("function " + word + "() is not allowed; allowed: "
                                + String.join(", ", new java.util.TreeSet<>(FUNCTIONS)));
                    }
                    tokens.add(new Token(upper.equals("IN") ? Type.WORD : Type.FUNCTION, upper));
                } else if (KEYWORDS.contains(upper)) {
                    tokens.add(new Token(Type.WORD, upper));
                } else {
                    columns.add(word);
                    tokens.add(new Token(Type.IDENT, word));
                    noQualifier(text, j);
                }
                i = j;
            } else {
                String op = operator(text, i);
                if (op.equals("(")) {
                    depth++;
                } else if (op.equals(")") && --depth < 0) {
                    throw new IllegalArgumentException("a ')' has no matching '('");
                }
                tokens.add(new Token(Type.OPERATOR, op));
                i += op.length();
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("a '(' is not closed");
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("the condition uses no column of the table");
        }
        return new RowFilter(text.strip(), List.copyOf(tokens), Collections.unmodifiableSet(columns));
    }

    private static void noQualifier(String text, int at) {
        if (at < text.length() && text.charAt(at) == '.') {
            throw new IllegalArgumentException("qualified names (x.y) are not allowed; use the table's own column "
                    + "names");
        }
    }

    private static String operator(String text, int i) {
        for (String op : List.of("<=>", "<>", "!=", "<=", ">=", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")",
                ",")) {
            if (text.startsWith(op, i)) {
                return op;
            }
        }
        char c = text.charAt(i);
        String why = switch (c) {
            case ';' -> "one condition only (no ';')";
            case '#', '/' -> "no comments";
            case '@' -> "no variables (@x, @@x)";
            case '"' -> "single quotes for strings ('...')";
            case '?' -> "no parameters";
            default -> "only comparison, arithmetic and logical operators";
        };
        throw new IllegalArgumentException("'" + c + "' at position " + (i + 1) + " is not allowed: " + why);
    }

    /** The condition as written in the task file. */
    public String text() {
        return text;
    }

    /** The column names the condition uses, as written. */
    public Set<String> columns() {
        return columns;
    }

    /** The condition in parentheses, with column names quoted as written. */
    public String sql() {
        return sql(RowFilter::quote);
    }

    /** The condition in parentheses, each column name replaced by {@code column.apply(name)}. */
    public String sql(Function<String, String> column) {
        StringBuilder sb = new StringBuilder("(");
        Token prev = null;
        for (Token t : tokens) {
            boolean tight = prev != null && (prev.type() == Type.FUNCTION || t.text().equals(")")
                    || t.text().equals(",") || prev.text().equals("("));
            if (prev != null && !tight) {
                sb.append(' ');
            }
            sb.append(t.type() == Type.IDENT ? column.apply(t.text()) : t.text());
            prev = t;
        }
        return sb.append(')').toString();
    }

    /** A MySQL quoted identifier. */
    public static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    @Override
    public String toString() {
        return text;
    }
}
