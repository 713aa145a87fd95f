package dev.sluice.db;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Encodes a row's key values, as the binlog applier binds them (Integer, Long, BigInteger, BigDecimal, String,
 * byte[], Float/Double; temporal values arrive as exact text), into bytes that can be stored and bound back later
 * with the same meaning: {@code <tag><length>:<payload>} per value. Tags: {@code i} integer, {@code n} exact
 * decimal, {@code f} double, {@code s} text (UTF-8), {@code b} bytes (hex), {@code z} SQL NULL, {@code o} any
 * other value by its text. Used by the touched-key record ({@link TouchedKeys}) that replication writes and
 * cutover verification reads.
 */
public final class KeyCodec {
    private static final HexFormat HEX = HexFormat.of();

    private KeyCodec() {
    }

    public static byte[] encode(Object[] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * values.length);
        for (Object v : values) {
            char tag;
            String payload;
            if (v == null) {
                tag = 'z';
                payload = "";
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                tag = 'i';
                payload = v.toString();
            } else if (v instanceof BigInteger || v instanceof BigDecimal) {
                tag = 'n';
                payload = v instanceof BigDecimal d ? d.toPlainString() : v.toString();
            } else if (v instanceof Float || v instanceof Double) {
                tag = 'f';
                payload = Double.toString(((Number) v).doubleValue());
            } else if (v instanceof String s) {
                tag = 's';
                payload = s;
            } else if (v instanceof byte[] b) {
                tag = 'b';
                payload = HEX.formatHex(b);
            } else {
                tag = 'o';
                payload = v.toString();
            }
            byte[] p = payload.getBytes(StandardCharsets.UTF_8);
            out.writeBytes((tag + Integer.toString(p.length) + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static Object[] decode(byte[] encoded) {
        List<Object> out = new ArrayList<>();
        int i = 0;
        while (i < encoded.length) {
            char tag = (char) encoded[i++];
            int colon = i;
            while (encoded[colon] != ':') {
                colon++;
            }
            int len = Integer.parseInt(new String(encoded, i, colon - i, StandardCharsets.US_ASCII));
            String payload = new String(encoded, colon + 1, len, StandardCharsets.UTF_8);
            i = colon + 1 + len;
            out.add(switch (tag) {
                case 'z' -> null;
                case 'i' -> Long.parseLong(payload);
                case 'n' -> new BigDecimal(payload);
                case 'f' -> Double.parseDouble(payload);
                case 's', 'o' -> payload;
                case 'b' -> HEX.parseHex(payload);
                default -> throw new IllegalArgumentException("not an encoded key: tag '" + tag + "' at " + (i - 1));
            });
        }
        return out.toArray();
    }

    /**
     * Binds a decoded value so the server compares it with the column the way the applier's value did: Long,
     * BigDecimal, Double, byte[] and String go to the driver as they are.
     */
    public static void bind(PreparedStatement ps, int index, Object v) throws SQLException {
        ps.setObject(index, v);
    }
}
