package dev.sluice.testing;

import dev.sluice.sql.SqlLexer;
import java.util.ArrayList;
import java.util.List;

/**
 * A SQL script split into the statements the {@code mysql}/{@code mariadb} client would send: {@code DELIMITER}
 * commands change the statement terminator (for routines and triggers), and a terminator inside a string, a quoted
 * identifier or a comment does not count. Comments between statements are dropped; executable comments
 * ({@code /*!50610 ... *}{@code /}) are statements or parts of statements like any other text.
 */
final class SqlScript {
    /** One statement, without its terminator, and the 1-based line it starts on (for error messages). */
    record Statement(String sql, int line) {
    }

    private static final String DELIMITER_COMMAND = "delimiter";

    private SqlScript() {
    }

    static List<Statement> split(String script) {
        SqlLexer lexer = new SqlLexer();
        List<Statement> statements = new ArrayList<>();
        String delimiter = ";";
        LineCounter lines = new LineCounter(script);
        int n = script.length();
        int i = skipTrivia(script, 0, lexer);
        while (i < n) {
            if (isDelimiterCommand(script, i)) {
                int end = endOfLine(script, i);
                String[] words = script.substring(i + DELIMITER_COMMAND.length(), end).trim().split("\\s+");
                if (words[0].isEmpty()) {
                    throw new IllegalArgumentException("DELIMITER without a delimiter on line " + lines.lineOf(i));
                }
                delimiter = words[0];
                i = skipTrivia(script, end, lexer);
                continue;
            }
            int start = i;
            int end = n;
            while (i < n) {
                if (script.startsWith(delimiter, i)) {
                    end = i;
                    i += delimiter.length();
                    break;
                }
                int skipped = lexer.skipQuotedOrComment(script, i);
                i = skipped > i ? skipped : i + 1;
            }
            String sql = script.substring(start, Math.min(end, n)).strip();
            if (!sql.isEmpty()) {
                statements.add(new Statement(sql, lines.lineOf(start)));
            }
            i = skipTrivia(script, i, lexer);
        }
        return statements;
    }

    /** Skips whitespace and comments that are not executable ({@code /*!}, {@code /*M!} are statement text). */
    private static int skipTrivia(String script, int i, SqlLexer lexer) {
        int n = script.length();
        while (i < n) {
            if (Character.isWhitespace(script.charAt(i))) {
                i++;
            } else if (script.startsWith("/*!", i) || script.startsWith("/*M!", i)) {
                return i;
            } else {
                int skipped = lexer.skipQuotedOrComment(script, i);
                char c = script.charAt(i);
                if (skipped == i || c == '\'' || c == '"' || c == '`') {
                    return i; // statement text (a quote starts a statement only in odd scripts, but it is text)
                }
                i = skipped;
            }
        }
        return i;
    }

    private static boolean isDelimiterCommand(String script, int i) {
        int after = i + DELIMITER_COMMAND.length();
        return script.regionMatches(true, i, DELIMITER_COMMAND, 0, DELIMITER_COMMAND.length())
                && after < script.length() && (script.charAt(after) == ' ' || script.charAt(after) == '\t');
    }

    private static int endOfLine(String script, int i) {
        int newline = script.indexOf('\n', i);
        return newline < 0 ? script.length() : newline;
    }

    /** Line numbers of increasing offsets, counted once. */
    private static final class LineCounter {
        private final String text;
        private int offset;
        private int line = 1;

        LineCounter(String text) {
            this.text = text;
        }

        int lineOf(int position) {
            for (; offset < position; offset++) {
                if (text.charAt(offset) == '\n') {
                    line++;
                }
            }
            return line;
        }
    }

    /** Short form of a statement for error messages: its first line, at most 120 characters. */
    static String abbreviate(String sql) {
        String first = sql.lines().findFirst().orElse("");
        String shown = first.length() > 120 ? first.substring(0, 120) : first;
        return shown + (shown.length() < sql.length() ? " ..." : "");
    }
}
