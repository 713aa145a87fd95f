package dev.sluice.incremental;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a MySQL statement into tokens (words, quoted identifiers, strings, numbers, symbols) with their offsets,
 * skipping comments, so DDL object names can be found and replaced without touching string literals or comments.
 * Executable comments ({@code /*!50100 ... *}{@code /}) are read as code.
 */
final class SqlTokens {
    enum Type { WORD, QUOTED_ID, STRING, NUMBER, SYMBOL }

    record Token(Type type, String text, int start, int end) {
        /** The identifier this token names (backticks removed), or the word itself. */
        String identifier() {
            if (type == Type.QUOTED_ID) {
                return text.substring(1, text.length() - 1).replace("``", "`");
            }
            return text;
        }

        boolean is(String keyword) {
            return type == Type.WORD && text.equalsIgnoreCase(keyword);
        }

        boolean isSymbol(String s) {
            return type == Type.SYMBOL && text.equals(s);
        }

        boolean isName() {
            return type == Type.WORD || type == Type.QUOTED_ID;
        }
    }

    private SqlTokens() {
    }

    static List<Token> tokenize(String sql) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char ch = sql.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
            } else if (ch == '#' || (ch == '-' && i + 2 < n && sql.charAt(i + 1) == '-'
                    && Character.isWhitespace(sql.charAt(i + 2)))) {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (ch == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                if (i + 2 < n && sql.charAt(i + 2) == '!') {
                    i += 3;
                    while (i < n && Character.isDigit(sql.charAt(i))) {
                        i++;
                    }
                    continue; // the body is code; its closing */ is skipped below
                }
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (ch == '*' && i + 1 < n && sql.charAt(i + 1) == '/') {
                i += 2; // end of an executable comment
            } else if (ch == '`') {
                int j = i + 1;
                while (j < n) {
                    if (sql.charAt(j) == '`') {
                        if (j + 1 < n && sql.charAt(j + 1) == '`') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                out.add(new Token(Type.QUOTED_ID, sql.substring(i, Math.min(n, j + 1)), i, Math.min(n, j + 1)));
                i = j + 1;
            } else if (ch == '\'' || ch == '"') {
                int j = i + 1;
                while (j < n) {
                    char c = sql.charAt(j);
                    if (c == '\\') {
                        j += 2;
                        continue;
                    }
                    if (c == ch) {
                        if (j + 1 < n && sql.charAt(j + 1) == ch) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                out.add(new Token(Type.STRING, sql.substring(i, Math.min(n, j + 1)), i, Math.min(n, j + 1)));
                i = j + 1;
            } else if (Character.isLetterOrDigit(ch) || ch == '_' || ch == '$' || ch > 127) {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_'
                        || sql.charAt(j) == '$' || sql.charAt(j) > 127)) {
                    j++;
                }
                String w = sql.substring(i, j);
                out.add(new Token(Character.isDigit(ch) && w.chars().allMatch(Character::isDigit) ? Type.NUMBER
                        : Type.WORD, w, i, j));
                i = j;
            } else {
                out.add(new Token(Type.SYMBOL, String.valueOf(ch), i, i + 1));
                i++;
            }
        }
        return out;
    }
}
