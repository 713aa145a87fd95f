package dev.sluice.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port in front of a server, for network faults (plain sockets, two threads per
 * connection): {@link #cutAll()} resets every open connection at once, as a failed switch or NAT timeout does
 * (the server sees its clients vanish mid-transaction), and {@link #stall()} / {@link #resume()} stop and restart
 * the bytes in both directions while the connections stay open (new ones are accepted but get nothing), as a
 * network black hole does. Close it after use.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile boolean stalled;
    private volatile boolean closed;

    private TcpProxy(ServerSocket listener, int targetPort) {
        this.listener = listener;
        this.targetPort = targetPort;
    }

    /** A proxy to 127.0.0.1:{@code targetPort} on a free loopback port. */
    public static TcpProxy to(int targetPort) {
        try {
            TcpProxy p = new TcpProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
            Thread t = new Thread(p::accept, "tcp-proxy-" + p.port());
            t.setDaemon(true);
            t.start();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a proxy port: " + e.getMessage(), e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Resets every connection open now (both sides see a reset); new connections are accepted as before. */
    public void cutAll() {
        for (Socket s : Set.copyOf(open)) {
            reset(s);
        }
    }

    /** Stops forwarding in both directions; connections stay open and new ones are accepted but get nothing. */
    public void stall() {
        stalled = true;
    }

    /** Forwards again after {@link #stall()}. */
    public void resume() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
    }

    /** Connections open now (client and server side count as one each). */
    public int openSockets() {
        return open.size();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                try {
                    server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
                } catch (IOException e) {
                    reset(client);
                    continue;
                }
                open.add(client);
                open.add(server);
                pump(client, server, "up");
                pump(server, client, "down");
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    awaitFlowing();
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // cut, reset or closed: end both sides below
            } finally {
                reset(from);
                reset(to);
            }
        }, "tcp-proxy-" + port() + "-" + direction);
        t.setDaemon(true);
        t.start();
    }

    private void awaitFlowing() throws InterruptedException {
        synchronized (gate) {
            while (stalled && !closed) {
                gate.wait(200);
            }
        }
    }

    /** Closes with RST (linger 0), not FIN: the peer gets "Connection reset", as after a network failure. */
    private void reset(Socket s) {
        open.remove(s);
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        resume();
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        cutAll();
    }
}
