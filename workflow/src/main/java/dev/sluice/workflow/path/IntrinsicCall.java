package dev.sluice.workflow.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A parsed intrinsic function call such as {@code States.Format('x {}', $.a)}; arguments are literals, paths or calls. */
public final class IntrinsicCall {
    private static final Map<String, IntrinsicCall> CACHE = new ConcurrentHashMap<>();

    /** One argument: a JSON literal, a JSONPath (input or `$$` context) or a nested call. */
    public record Arg(JsonNode literal, String path, IntrinsicCall call) {
    }

    private final String function;
    private final List<Arg> args;

    private IntrinsicCall(String function, List<Arg> args) {
        this.function = function;
        this.args = args;
    }

    public String function() {
        return function;
    }

    public List<Arg> args() {
        return args;
    }

    /** Whether a `.$` value is an intrinsic call (rather than a path). */
    public static boolean looksLikeCall(String s) {
        return s != null && s.startsWith("States.");
    }

    /** Parses (and caches) a call; throws IllegalArgumentException naming the problem, including unknown functions. */
    public static IntrinsicCall parse(String text) {
        IntrinsicCall cached = CACHE.get(text);
        if (cached != null) {
            return cached;
        }
        Parser p = new Parser(text);
        IntrinsicCall call = p.call();
        p.skipWs();
        if (p.pos != text.length()) {
            throw new IllegalArgumentException("unexpected text after the intrinsic function call at offset " + p.pos
                    + " in '" + text + "'");
        }
        CACHE.put(text, call);
        return call;
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        void skipWs() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        IntrinsicCall call() {
            skipWs();
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                pos++;
            }
            String name = s.substring(start, pos);
            if (!Intrinsics.isKnown(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a known intrinsic function (known: "
                        + String.join(", ", Intrinsics.names()) + ")");
            }
            skipWs();
            expect('(');
            List<Arg> args = new ArrayList<>();
            skipWs();
            if (peek() == ')') {
                pos++;
            } else {
                while (true) {
                    args.add(arg());
                    skipWs();
                    char c = peek();
                    pos++;
                    if (c == ')') {
                        break;
                    }
                    if (c != ',') {
                        throw new IllegalArgumentException("expected ',' or ')' at offset " + (pos - 1) + " in '" + s + "'");
                    }
                }
            }
            Intrinsics.checkArity(name, args.size());
            return new IntrinsicCall(name, List.copyOf(args));
        }

        char peek() {
            if (pos >= s.length()) {
                throw new IllegalArgumentException("unexpected end of intrinsic function call '" + s + "'");
            }
            return s.charAt(pos);
        }

        void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at offset " + pos + " in '" + s + "'");
            }
            pos++;
        }

        Arg arg() {
            skipWs();
            char c = peek();
            JsonNodeFactory f = JsonNodeFactory.instance;
            if (c == '\'') {
                pos++;
                StringBuilder sb = new StringBuilder();
                while (true) {
                    char ch = peek();
                    pos++;
                    if (ch == '\\') {
                        char esc = peek();
                        pos++;
                        // Keep \{ and \} escaped so States.Format can tell literal braces from placeholders.
                        if (esc == '{' || esc == '}') {
                            sb.append('\\');
                        }
                        sb.append(esc);
                    } else if (ch == '\'') {
                        break;
                    } else {
                        sb.append(ch);
                    }
                }
                return new Arg(f.textNode(sb.toString()), null, null);
            }
            if (c == '$') {
                int start = pos;
                int depth = 0;
                char quote = 0;
                while (pos < s.length()) {
                    char ch = s.charAt(pos);
                    if (quote != 0) {
                        if (ch == quote) {
                            quote = 0;
                        }
                    } else if (ch == '\'' || ch == '"') {
                        quote = ch;
                    } else if (ch == '[' || ch == '(') {
                        depth++;
                    } else if (ch == ']' || (ch == ')' && depth > 0)) {
                        depth--;
                    } else if (depth == 0 && (ch == ',' || ch == ')')) {
                        break;
                    }
                    pos++;
                }
                String path = s.substring(start, pos).trim();
                String err = JsonPaths.validatePath(path);
                if (err != null) {
                    throw new IllegalArgumentException(err);
                }
                return new Arg(null, path, null);
            }
            if (s.startsWith("States.", pos)) {
                return new Arg(null, null, call());
            }
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ')') {
                pos++;
            }
            String tok = s.substring(start, pos).trim();
            switch (tok) {
                case "null":
                    return new Arg(f.nullNode(), null, null);
                case "true":
                    return new Arg(f.booleanNode(true), null, null);
                case "false":
                    return new Arg(f.booleanNode(false), null, null);
                default:
                    try {
                        BigDecimal d = new BigDecimal(tok);
                        if (d.scale() <= 0 && !tok.contains(".") && !tok.toLowerCase().contains("e")) {
                            return new Arg(f.numberNode(d.toBigIntegerExact().longValueExact()), null, null);
                        }
                        return new Arg(f.numberNode(d.doubleValue()), null, null);
                    } catch (NumberFormatException | ArithmeticException e) {
                        throw new IllegalArgumentException("'" + tok + "' is not a valid intrinsic function argument in '" + s
                                + "' (strings need single quotes)");
                    }
            }
        }
    }
}
