package dev.sluice.fullcopy;

import java.util.Arrays;

/** A growable byte buffer for encoding rows without per-value allocation. */
final class RowBuffer {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] data;
    int length;

    RowBuffer(int capacity) {
        data = new byte[capacity];
    }

    void clear() {
        length = 0;
    }

    void ensure(int extra) {
        if (length + extra > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + extra));
        }
    }

    void put(byte b) {
        ensure(1);
        data[length++] = b;
    }

    void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, data, length, b.length);
        length += b.length;
    }

    void putAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            data[length++] = (byte) s.charAt(i);
        }
    }

    /** Bytes that LOAD DATA ... FIELDS ESCAPED BY '\\' with tab / newline separators must see escaped. */
    private static final boolean[] SPECIAL = new boolean[256];

    static {
        SPECIAL['\\'] = true;
        SPECIAL['\t'] = true;
        SPECIAL['\n'] = true;
        SPECIAL[0] = true;
    }

    /**
     * Bytes escaped for LOAD DATA ... FIELDS ESCAPED BY '\\' with tab / newline separators. Most values hold no
     * byte to escape: those are found by one table-driven scan and copied in one block.
     */
    void putLoadDataEscaped(byte[] b) {
        int n = b.length;
        int i = 0;
        while (i < n && !SPECIAL[b[i] & 0xFF]) {
            i++;
        }
        if (i == n) {
            ensure(n);
            System.arraycopy(b, 0, data, length, n);
            length += n;
            return;
        }
        ensure(n * 2);
        System.arraycopy(b, 0, data, length, i);
        length += i;
        for (; i < n; i++) {
            byte x = b[i];
            switch (x) {
                case '\\' -> { data[length++] = '\\'; data[length++] = '\\'; }
                case '\t' -> { data[length++] = '\\'; data[length++] = 't'; }
                case '\n' -> { data[length++] = '\\'; data[length++] = 'n'; }
                case 0 -> { data[length++] = '\\'; data[length++] = '0'; }
                default -> data[length++] = x;
            }
        }
    }

    /** X'hex' literal. */
    void putHexLiteral(byte[] b) {
        ensure(b.length * 2 + 3);
        data[length++] = 'X';
        data[length++] = '\'';
        for (byte x : b) {
            data[length++] = HEX[(x >> 4) & 0xF];
            data[length++] = HEX[x & 0xF];
        }
        data[length++] = '\'';
    }
}
