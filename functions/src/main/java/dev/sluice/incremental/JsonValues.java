package dev.sluice.incremental;

import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonFormatter;
import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonStringFormatter;
import dev.sluice.binlog.RowsDeserializers;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * MySQL binary JSON from the binlog as a value the destination stores with the same types. JSON text cannot say
 * DATETIME, DATE, TIME or DECIMAL (MySQL keeps them as typed scalars inside JSON; parsed from text they become
 * strings and doubles), and MySQL's JSON text parser rounds some doubles (e.g. {@code 1e300}). A document without
 * such values is plain JSON text (a String, the common case, no extra work); a document with them is a
 * {@link Typed} expression: the text with {@code null} in their places, then {@code JSON_SET} puts each typed
 * scalar back from a CAST of its exact text ({@code (? + 0E0)} for a double: exact string-to-double).
 */
final class JsonValues {
    private JsonValues() {
    }

    /**
     * A JSON document written as the SQL expression {@link #sql}, whose parameters are {@link #params} in order
     * (the document text first, then a path and a value for each typed scalar).
     */
    record Typed(String text, String sql, Object[] params) {
    }

    /** The document as JSON text (String) or, when it holds typed scalars or inexact doubles, a {@link Typed}. */
    static Object of(byte[] binary) throws IOException {
        if (binary.length > 0 && binary[0] > 15) {
            return new String(binary, StandardCharsets.UTF_8); // already text (the library's rule, parseAsString)
        }
        TypedFormatter f = new TypedFormatter();
        new Parser(binary).parse(f);
        return f.result();
    }

    /** The library's parser with TIME values decoded with their sign (it splits the packed bits unsigned). */
    private static final class Parser extends JsonBinary {
        Parser(byte[] bytes) {
            super(bytes);
        }

        @Override
        protected void parseTime(JsonFormatter formatter) throws IOException {
            ((TypedFormatter) formatter).timeMicros(RowsDeserializers.timeMicros(readInt64()));
        }
    }

    /** JSON text with typed scalars left as {@code null} and collected with their paths. */
    private static final class TypedFormatter extends JsonStringFormatter {
        /** Per open container: the member name (String) or the element index (int[1]). */
        private final List<Object> path = new ArrayList<>();
        private StringBuilder sql;
        private List<Object> params;

        Object result() {
            String text = getString();
            if (sql == null) {
                return text;
            }
            params.set(0, text);
            return new Typed(text, sql.append(')').toString(), params.toArray());
        }

        private void typed(String cast, String value) {
            if (sql == null) {
                sql = new StringBuilder("JSON_SET(CAST(? AS JSON)");
                params = new ArrayList<>();
                params.add(null);
            }
            sql.append(", ?, ").append(cast);
            params.add(currentPath());
            params.add(value);
            super.valueNull();
        }

        private String currentPath() {
            StringBuilder p = new StringBuilder("$");
            for (Object o : path) {
                if (o instanceof int[] index) {
                    p.append('[').append(index[0]).append(']');
                } else {
                    p.append(".\"");
                    String name = (String) o;
                    for (int i = 0; i < name.length(); i++) {
                        char c = name.charAt(i);
                        if (c == '"' || c == '\\') {
                            p.append('\\').append(c);
                        } else if (c < 0x20) {
                            p.append(String.format("\\u%04x", (int) c));
                        } else {
                            p.append(c);
                        }
                    }
                    p.append('"');
                }
            }
            return p.toString();
        }

        @Override
        public void beginObject(int numElements) {
            super.beginObject(numElements);
            path.add("");
        }

        @Override
        public void beginArray(int numElements) {
            super.beginArray(numElements);
            path.add(new int[1]);
        }

        @Override
        public void endObject() {
            super.endObject();
            path.remove(path.size() - 1);
        }

        @Override
        public void endArray() {
            super.endArray();
            path.remove(path.size() - 1);
        }

        @Override
        public void name(String name) {
            super.name(name);
            path.set(path.size() - 1, name);
        }

        @Override
        public void nextEntry() {
            super.nextEntry();
            if (!path.isEmpty() && path.get(path.size() - 1) instanceof int[] index) {
                index[0]++;
            }
        }

        @Override
        public void value(double value) {
            if (exactThroughText(value)) {
                super.value(value);
            } else {
                typed("(? + 0E0)", Double.toString(value));
            }
        }

        @Override
        public void value(BigDecimal value) {
            BigDecimal v = value.scale() < 0 ? value.setScale(0) : value;
            int scale = Math.min(v.scale(), 30);
            int precision = Math.min(Math.max(v.precision(), scale), 65);
            typed("CAST(? AS DECIMAL(" + Math.max(precision, 1) + "," + scale + "))", v.toPlainString());
        }

        @Override
        public void valueDate(int year, int month, int day) {
            typed("CAST(? AS DATE)", String.format("%04d-%02d-%02d", year, month, day));
        }

        @Override
        public void valueDatetime(int year, int month, int day, int hour, int min, int sec, int micros) {
            typed("CAST(? AS DATETIME(6))", String.format("%04d-%02d-%02d %02d:%02d:%02d.%06d", year, month, day,
                    hour, min, sec, micros));
        }

        @Override
        public void valueTimestamp(long secondsPastEpoch, int micros) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(secondsPastEpoch, 0, ZoneOffset.UTC);
            valueDatetime(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(),
                    t.getSecond(), micros);
        }

        @Override
        public void valueTime(int hour, int min, int sec, int micros) {
            timeMicros(((hour * 3600L + min * 60L + sec) * 1_000_000L + micros));
        }

        void timeMicros(long micros) {
            typed("CAST(? AS TIME(6))", BinlogValues.time(micros));
        }
    }

    /**
     * Whether MySQL's JSON text parser reads {@link Double#toString}'s text of {@code v} back exactly: it is
     * exact on its fast path only, a significand below 2^53 scaled by at most 10^22 (Clinger's condition);
     * anything else (1e300, 4.9e-324, 17 significant digits) goes through a typed {@code (? + 0E0)}.
     */
    static boolean exactThroughText(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return true; // an integer below 10^15: no text needed to tell (the common case)
        }
        String s = Double.toString(v);
        int digits = 0;
        int fractionDigits = 0;
        int exponent = 0;
        boolean inFraction = false;
        boolean leading = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                inFraction = true;
            } else if (c == 'E') {
                exponent = Integer.parseInt(s, i + 1, s.length(), 10);
                break;
            } else if (c >= '0' && c <= '9') {
                if (inFraction) {
                    fractionDigits++;
                }
                if (c != '0' || !leading) {
                    leading = false;
                    digits++;
                }
            }
        }
        int scale = exponent - fractionDigits;
        return digits <= 15 && scale >= -22 && scale <= 22;
    }
}
