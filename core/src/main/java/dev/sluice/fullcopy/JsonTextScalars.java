package dev.sluice.fullcopy;

import dev.sluice.db.TypedJson;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a JSON text as MySQL prints it (any JSON whitespace is accepted) for two things: the size of the binary
 * JSON MySQL's parser makes of it ({@link #binarySize}, MySQL's json_binary serialization: small or large
 * containers, inlined literals and small integers), which the full copy compares with the source's
 * {@code JSON_STORAGE_SIZE} of the stored document; and the scalars whose type the text may hide, with their paths
 * ({@link #of}): every number (DECIMAL, UNSIGNED INTEGER and DOUBLE print like the INTEGER or DOUBLE the text
 * parses to) and every string printed like a temporal or opaque scalar ({@code "2020-01-02 03:04:05.000000"},
 * {@code "12:34:56.000000"}, {@code "base64:type15:AP8="}).
 */
final class JsonTextScalars {
    /** How a temporal or opaque scalar prints: a date, a time (signed, hours up to 838), or base64 with its type. */
    private static final Pattern TYPED_STRING = Pattern.compile("-?\\d{1,4}[-:]\\d\\d[-:]\\d\\d.*|base64:type\\d+:.*");

    /** A scalar at {@code path}: a number's text, or a string's value ({@code string} true). */
    record Scalar(String path, String text, boolean string) {
    }

    private final String s;
    private int i;
    private final List<Object> steps = new ArrayList<>();
    private final List<Scalar> out = new ArrayList<>();
    /** Whether scalars are collected (the slow path) or only the size is computed (every row of the fast path). */
    private final boolean collect;

    private JsonTextScalars(String s, boolean collect) {
        this.s = s;
        this.collect = collect;
    }

    /** The candidate scalars of {@code text}, in document order. */
    static List<Scalar> of(String text) {
        JsonTextScalars p = new JsonTextScalars(text, true);
        p.document();
        return p.out;
    }

    /** The bytes of the binary JSON MySQL stores for {@code text} (what JSON_STORAGE_SIZE says of it). */
    static long binarySize(String text) {
        return summary(text).size();
    }

    /**
     * What one walk of the text tells the fast path: the binary size, and whether the text holds any scalar
     * {@link #of} would report (a number, or a string printed like a temporal or opaque scalar), i.e. one whose
     * type the text may hide even when the size matches (ADR 0074).
     */
    record Summary(long size, boolean hidesTypes) {
    }

    static Summary summary(String text) {
        JsonTextScalars p = new JsonTextScalars(text, false);
        Node n = p.document();
        return new Summary(1 + (n.kind == Kind.LITERAL ? 1 : n.kind == Kind.INT || n.kind == Kind.UINT
                ? integerBytes(n) : n.data), p.hidesTypes);
    }

    /** Whether a scalar {@link #of} would report was seen (set by the walk even when not collecting). */
    private boolean hidesTypes;

    private Node document() {
        Node n = value();
        space();
        if (i != s.length()) {
            throw error("text after the document");
        }
        return n;
    }

    private enum Kind { LITERAL, INT, UINT, DOUBLE, STRING, CONTAINER }

    /** A value of the binary format: its kind, its data bytes when not inlined, and for integers the value. */
    private record Node(Kind kind, long data, long value) {
    }

    /** Bytes of an integer stored on its own: int16/uint16, int32/uint32, int64/uint64 by range. */
    private static long integerBytes(Node n) {
        if (n.kind == Kind.UINT) {
            return n.value >= 0 && n.value <= 0xFFFF ? 2 : n.value >= 0 && n.value <= 0xFFFFFFFFL ? 4 : 8;
        }
        return n.value >= Short.MIN_VALUE && n.value <= Short.MAX_VALUE ? 2
                : n.value >= Integer.MIN_VALUE && n.value <= Integer.MAX_VALUE ? 4 : 8;
    }

    /** Whether the value sits in its entry of a small (2-byte offsets) or large (4-byte) container. */
    private static boolean inlined(Node n, boolean large) {
        return n.kind == Kind.LITERAL
                || (n.kind == Kind.INT || n.kind == Kind.UINT) && integerBytes(n) <= (large ? 4 : 2);
    }

    /** Data bytes of an object (keyBytes > 0 or keys) or array of {@code children}: small if it fits, else large. */
    private static long container(List<Node> children, long keyBytes, boolean object) {
        for (boolean large : new boolean[] {false, true}) {
            int off = large ? 4 : 2;
            long size = 2L * off + children.size() * (1L + off)
                    + (object ? children.size() * (off + 2L) + keyBytes : 0);
            for (Node c : children) {
                if (!inlined(c, large)) {
                    size += c.kind == Kind.INT || c.kind == Kind.UINT ? integerBytes(c) : c.data;
                }
            }
            if (large || size <= 0xFFFF) {
                return size;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static long varintBytes(long n) {
        long bytes = 1;
        while (n >= 0x80) {
            n >>>= 7;
            bytes++;
        }
        return bytes;
    }

    private Node value() {
        space();
        if (i >= s.length()) {
            throw error("end of text");
        }
        char c = s.charAt(i);
        List<Node> children = new ArrayList<>();
        if (c == '{') {
            i++;
            steps.add("");
            long keyBytes = 0;
            space();
            if (peek('}')) {
                i++;
            } else {
                do {
                    space();
                    String key = string();
                    keyBytes += utf8Bytes(key);
                    if (collect) {
                        steps.set(steps.size() - 1, key);
                    }
                    space();
                    expect(':');
                    children.add(value());
                    space();
                } while (comma());
                expect('}');
            }
            steps.remove(steps.size() - 1);
            return new Node(Kind.CONTAINER, container(children, keyBytes, true), 0);
        } else if (c == '[') {
            i++;
            steps.add(0);
            space();
            if (peek(']')) {
                i++;
            } else {
                int n = 0;
                do {
                    if (collect) {
                        steps.set(steps.size() - 1, n++);
                    }
                    children.add(value());
                    space();
                } while (comma());
                expect(']');
            }
            steps.remove(steps.size() - 1);
            return new Node(Kind.CONTAINER, container(children, 0, false), 0);
        } else if (c == '"') {
            String v = string();
            if ((collect || !hidesTypes) && mayLookTyped(v) && TYPED_STRING.matcher(v).matches()) {
                hidesTypes = true;
                if (collect) {
                    out.add(new Scalar(TypedJson.path(steps), v, true));
                }
            }
            long bytes = utf8Bytes(v);
            return new Node(Kind.STRING, varintBytes(bytes) + bytes, 0);
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            int from = i;
            while (i < s.length() && "+-.eE0123456789".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String number = s.substring(from, i);
            hidesTypes = true;
            if (collect) {
                out.add(new Scalar(TypedJson.path(steps), number, false));
            }
            return number(number);
        } else {
            for (String lit : new String[] {"true", "false", "null"}) {
                if (s.startsWith(lit, i)) {
                    i += lit.length();
                    return new Node(Kind.LITERAL, 0, 0);
                }
            }
            throw error("unexpected '" + c + "'");
        }
    }

    /** A cheap first test for {@link #TYPED_STRING}: a digit or '-' first, or the opaque prefix. */
    private static boolean mayLookTyped(String v) {
        if (v.isEmpty()) {
            return false;
        }
        char c = v.charAt(0);
        return c >= '0' && c <= '9' || c == '-' || c == 'b' && v.startsWith("base64:type");
    }

    /** The JSON_TYPE MySQL's parser gives the scalar {@code s} of a text (what the copied text becomes). */
    static String parsedType(Scalar s) {
        if (s.string()) {
            return "STRING";
        }
        Node n = number(s.text());
        return n.kind == Kind.INT ? "INTEGER" : n.kind == Kind.UINT ? "UNSIGNED INTEGER" : "DOUBLE";
    }

    /** A number as MySQL's parser types it: INTEGER if it fits int64, UNSIGNED if uint64, else DOUBLE. */
    private static Node number(String text) {
        if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
            try {
                return new Node(Kind.INT, 0, Long.parseLong(text));
            } catch (NumberFormatException e) {
                try {
                    return new Node(Kind.UINT, 0, Long.parseUnsignedLong(text));
                } catch (NumberFormatException e2) {
                    // beyond uint64: a double
                }
            }
        }
        return new Node(Kind.DOUBLE, 8, 0);
    }

    private static long utf8Bytes(String v) {
        long n = v.length();
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            if (c >= 0x800) {
                n += Character.isSurrogate(c) ? 1 : 2; // a pair is 4 bytes for 2 chars, others 3 for 1
            } else if (c >= 0x80) {
                n++;
            }
        }
        return n;
    }

    private String string() {
        expect('"');
        int end = s.indexOf('"', i);
        int escape = s.indexOf('\\', i);
        if (end > 0 && (escape < 0 || escape > end)) {
            String plain = s.substring(i, end); // no escapes: the common case
            i = end + 1;
            return plain;
        }
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(i++);
            switch (e) {
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s, i, i + 4, 16));
                    i += 4;
                }
                default -> b.append(e);
            }
        }
    }

    private boolean comma() {
        if (peek(',')) {
            i++;
            return true;
        }
        return false;
    }

    private boolean peek(char c) {
        return i < s.length() && s.charAt(i) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        i++;
    }

    private void space() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\n' || s.charAt(i) == '\t'
                || s.charAt(i) == '\r')) {
            i++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("cannot read the JSON text at offset " + i + ": " + what);
    }
}
