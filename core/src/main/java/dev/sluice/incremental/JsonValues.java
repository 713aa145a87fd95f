package dev.sluice.incremental;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonFormatter;
import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonStringFormatter;
import dev.sluice.db.TypedJson;
import dev.sluice.binlog.RowsDeserializers;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * MySQL binary JSON from the binlog as a value the destination stores with the same types. A document without
 * typed scalars (DATETIME, DATE, TIME, DECIMAL, opaque binary) or doubles that MySQL's text parser rounds (e.g.
 * {@code 1e300}) is plain JSON text (a String, the common case, no extra work); a document with them is a
 * {@link TypedJson.Expression}: the text with {@code null} in their places, each put back by {@link TypedJson}.
 * TIME scalars are decoded here with their sign (the library's formatter asserts on negative ones).
 */
final class JsonValues {
    private JsonValues() {
    }

    /**
     * The document as JSON text (String) or, when it holds typed scalars or inexact doubles, a
     * {@link TypedJson.Expression}.
     */
    static Object of(byte[] binary) throws IOException {
        if (binary.length > 0 && binary[0] > 15) {
            return new String(binary, StandardCharsets.UTF_8); // already text (the library's rule, parseAsString)
        }
        TypedFormatter f = new TypedFormatter();
        new Parser(binary).parse(f);
        if (binary.length > 0 && binary[0] <= 3) {
            inlinedUnsigned(binary, 1, binary[0], new ArrayList<>(), f.typed);
        }
        return f.result();
    }

    /**
     * Puts back the UNSIGNED scalars a container holds inline in its value entries (uint16; uint32 in a large
     * container), which the library formats as plain integers: MySQL's binary layout is count, size, key entries
     * (offset, length) of an object, then one value entry (type, inline value or offset) per element.
     */
    private static void inlinedUnsigned(byte[] b, int base, int type, List<Object> steps, TypedJson typed) {
        boolean large = type == 1 || type == 3;
        boolean object = type == 0 || type == 1;
        int off = large ? 4 : 2;
        int count = (int) le(b, base, off);
        int entries = base + 2 * off + (object ? count * (off + 2) : 0);
        for (int i = 0; i < count; i++) {
            if (object) {
                int key = base + 2 * off + i * (off + 2);
                int keyOffset = (int) le(b, key, off);
                steps.add(new String(b, base + keyOffset, (int) le(b, key + off, 2), StandardCharsets.UTF_8));
            } else {
                steps.add(i);
            }
            int entry = entries + i * (1 + off);
            int t = b[entry];
            if (t == 0x06 || t == 0x08 && large) {
                typed.unsigned(TypedJson.path(steps), Long.toString(le(b, entry + 1, t == 0x06 ? 2 : 4)));
            } else if (t >= 0 && t <= 3) {
                inlinedUnsigned(b, base + (int) le(b, entry + 1, off), t, steps, typed);
            }
            steps.remove(steps.size() - 1);
        }
    }

    /** An unsigned little-endian integer of {@code n} bytes at {@code at}. */
    private static long le(byte[] b, int at, int n) {
        long v = 0;
        for (int k = n - 1; k >= 0; k--) {
            v = v << 8 | (b[at + k] & 0xFF);
        }
        return v;
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

        // UNSIGNED scalars print like the signed INTEGER their text parses to (up to 2^63 - 1); inlined ones are
        // found by JsonValues#inlinedUnsigned
        @Override
        protected void parseUInt16(JsonFormatter formatter) throws IOException {
            ((TypedFormatter) formatter).unsigned(Integer.toString(readUInt16()));
        }

        @Override
        protected void parseUInt32(JsonFormatter formatter) throws IOException {
            ((TypedFormatter) formatter).unsigned(Long.toString(readUInt32()));
        }

        @Override
        protected void parseUInt64(JsonFormatter formatter) throws IOException {
            ((TypedFormatter) formatter).unsigned(readUInt64().toString());
        }
    }

    /** JSON text with typed scalars left as {@code null} and put back by a {@link TypedJson} at their paths. */
    private static final class TypedFormatter extends JsonStringFormatter {
        /** Per open container: the member name (String) or the element index (int[1]). */
        private final List<Object> path = new ArrayList<>();
        final TypedJson typed = new TypedJson();

        Object result() {
            return typed.build(getString());
        }

        private String currentPath() {
            List<Object> steps = new ArrayList<>(path.size());
            for (Object o : path) {
                steps.add(o instanceof int[] index ? (Object) index[0] : o);
            }
            return TypedJson.path(steps);
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
                typed.doubleValue(currentPath(), Double.toString(value));
                super.valueNull();
            }
        }

        @Override
        public void value(BigDecimal value) {
            typed.decimal(currentPath(), value);
            super.valueNull();
        }

        @Override
        public void valueDate(int year, int month, int day) {
            typed.date(currentPath(), String.format("%04d-%02d-%02d", year, month, day));
            super.valueNull();
        }

        @Override
        public void valueDatetime(int year, int month, int day, int hour, int min, int sec, int micros) {
            typed.datetime(currentPath(), String.format("%04d-%02d-%02d %02d:%02d:%02d.%06d", year, month, day,
                    hour, min, sec, micros));
            super.valueNull();
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
            typed.time(currentPath(), BinlogValues.time(micros));
            super.valueNull();
        }

        void unsigned(String digits) {
            typed.unsigned(currentPath(), digits);
            super.valueNull();
        }

        @Override
        public void valueOpaque(ColumnType type, byte[] value) {
            typed.opaque(currentPath(), type.getCode(), value);
            super.valueNull();
        }
    }

    /**
     * Whether MySQL's JSON text parser reads {@link Double#toString}'s text of {@code v} back exactly: it is
     * exact on its fast path only, a significand below 2^53 scaled by at most 10^22 (Clinger's condition);
     * anything else (1e300, 4.9e-324, 17 significant digits) is put back by {@link TypedJson#doubleValue}.
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
