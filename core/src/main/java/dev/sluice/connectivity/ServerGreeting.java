package dev.sluice.connectivity;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The first packet a MySQL-protocol server sends on a new TCP connection (HandshakeV10, or an error packet such as
 * "Host is blocked" or "Too many connections"): the version string and whether the server offers TLS.
 */
public record ServerGreeting(int protocol, String serverVersion, boolean offersTls, int errorCode, String error) {
    private static final int CLIENT_SSL = 0x0800;

    public boolean isError() {
        return error != null;
    }

    /** Reads and parses the greeting; throws IOException on a timeout or when the bytes are not MySQL protocol. */
    public static ServerGreeting read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[4];
        data.readFully(header);
        int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
        if (length <= 0 || length > 64 * 1024) {
            throw new IOException("not a MySQL protocol greeting (first packet length " + length + ")");
        }
        byte[] p = new byte[length];
        data.readFully(p);
        int first = p[0] & 0xff;
        if (first == 0xff) {
            int code = length >= 3 ? (p[1] & 0xff) | (p[2] & 0xff) << 8 : 0;
            int start = 3;
            if (length > 3 && p[3] == '#') {
                start = Math.min(length, 9);
            }
            return new ServerGreeting(0, null, false, code,
                    new String(p, start, length - start, StandardCharsets.UTF_8).trim());
        }
        if (first != 10) {
            throw new IOException("not a MySQL protocol greeting (protocol byte " + first + ")");
        }
        int i = 1;
        while (i < length && p[i] != 0) {
            i++;
        }
        String version = new String(p, 1, i - 1, StandardCharsets.UTF_8);
        // NUL, connection id (4), auth data part 1 (8), filler (1), capability flags low 2 bytes
        int caps = i + 1 + 4 + 8 + 1;
        boolean tls = caps + 1 < length && (((p[caps] & 0xff) | (p[caps + 1] & 0xff) << 8) & CLIENT_SSL) != 0;
        return new ServerGreeting(10, version, tls, 0, null);
    }
}
