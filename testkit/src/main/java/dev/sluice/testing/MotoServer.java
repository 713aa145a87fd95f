package dev.sluice.testing;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A second, independent implementation of the AWS APIs for tests: {@code moto_server} (Python package
 * {@code moto[server]}) on a random loopback port, shared by the test classes of the JVM and stopped at JVM exit.
 * It serves DynamoDB and Secrets Manager on one endpoint; the real AWS SDK v2 clients talk to it through an
 * endpoint override. Tests that need it are skipped, with the reason, when {@code moto_server} is not installed.
 */
public final class MotoServer {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static MotoServer shared;

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** The shared server, started on first use; skips the calling test when moto_server is not installed. */
    public static synchronized MotoServer get() {
        Path exe = executable();
        Assumptions.assumeTrue(exe != null, "moto_server is not installed (pip install 'moto[server]'): "
                + "the tests against a second AWS API implementation are skipped");
        if (shared == null || !shared.process.isAlive()) {
            shared = start(exe);
            MotoServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "moto-server-stop"));
        }
        return shared;
    }

    public URI endpoint() {
        return endpoint;
    }

    private static Path executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, "moto_server");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static MotoServer start(Path exe) {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                Path log = Files.createTempFile("sluice-moto-", ".log");
                Process p = new ProcessBuilder(exe.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                URI endpoint = URI.create("http://127.0.0.1:" + port);
                if (awaitUp(p, endpoint)) {
                    return new MotoServer(p, endpoint, log);
                }
                destroy(p);
                last = new IOException("moto_server did not answer on port " + port + " within " + START_TIMEOUT
                        + "; its log: " + Files.readString(log));
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("cannot start moto_server: " + last.getMessage(), last);
    }

    private static boolean awaitUp(Process p, URI endpoint) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                c.getResponseCode();
                c.disconnect();
                return true;
            } catch (IOException notYet) {
                sleep(200);
            }
        }
        return false;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    /** Stops the server and any process it started. */
    public void stop() {
        destroy(process);
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file; the OS cleans it up
        }
    }

    private static void destroy(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for moto_server", e);
        }
    }
}
