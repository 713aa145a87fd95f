package dev.sluice.fullcopy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The LOAD DATA escaping of {@link RowBuffer} against a byte-at-a-time reference, on edge cases and random bytes. */
class RowBufferTest {

    private static byte[] reference(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : in) {
            switch (b) {
                case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
                case '\t' -> out.writeBytes(new byte[] {'\\', 't'});
                case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                case 0 -> out.writeBytes(new byte[] {'\\', '0'});
                default -> out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static byte[] escaped(byte[]... values) {
        RowBuffer buf = new RowBuffer(4); // small on purpose: growth is part of what is tested
        for (byte[] v : values) {
            buf.putLoadDataEscaped(v);
        }
        return java.util.Arrays.copyOf(buf.data, buf.length);
    }

    @Test
    void escapesSpecialBytesWherever_theyAre() {
        byte[][] cases = {
            {}, {'a'}, {'\\'}, {'\t'}, {'\n'}, {0}, {'\\', '\\', '\t', '\n', 0},
            "plain text with no special byte at all".getBytes(),
            "ends with a tab\t".getBytes(), "\nstarts with a newline".getBytes(),
            "mid\\dle".getBytes(), {(byte) 0xFF, (byte) 0x80, 'x', 0, (byte) 0xC3, (byte) 0xA9},
        };
        for (byte[] c : cases) {
            assertArrayEquals(reference(c), escaped(c), () -> "value " + java.util.Arrays.toString(c));
        }
    }

    @Test
    void randomValuesMatchTheReference() {
        Random r = new Random(42);
        for (int n = 0; n < 2000; n++) {
            byte[] v = new byte[r.nextInt(300)];
            r.nextBytes(v);
            if (n % 3 == 0) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (byte) ('a' + (v[i] & 7)); // mostly plain, the common case
                }
                if (v.length > 0) {
                    v[r.nextInt(v.length)] = new byte[] {'\\', '\t', '\n', 0}[r.nextInt(4)];
                }
            }
            byte[] prefix = "p\\".getBytes();
            byte[] expected = concat(reference(prefix), reference(v));
            assertArrayEquals(expected, escaped(prefix, v));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
