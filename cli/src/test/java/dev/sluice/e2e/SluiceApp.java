package dev.sluice.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.SluiceHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The built Sluice application run as a child process, the way a user runs it ({@code java -jar quarkus-run.jar}). */
final class SluiceApp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final Path log;

    private SluiceApp(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("sluice.app.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing; run 'mvnw package' (failsafe runs *IT after it)");
        }
        return jar;
    }

    /** Starts {@code sluice <args>} with its output in {@code log}. */
    static SluiceApp launch(Path log, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        return new SluiceApp(pb.start(), log);
    }

    /** Runs {@code sluice <args>} to completion; returns exit code and output. */
    static Result run(Path workDir, Map<String, String> env, Duration timeout, String... args) throws Exception {
        Path out = Files.createTempFile(workDir, "cli", ".log");
        try (SluiceApp app = launch(out, env, args)) {
            if (!app.process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("sluice " + String.join(" ", args) + " did not finish in " + timeout
                        + ":\n" + app.output());
            }
            return new Result(app.process.exitValue(), app.output());
        }
    }

    record Result(int exit, String output) {
    }

    /** Waits until the serving process has written its endpoints to daemon.json. */
    static SluiceHome.Daemon awaitDaemon(SluiceHome home, SluiceApp app, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var d = home.runningDaemon();
            if (d.isPresent() && d.get().pid() == app.process.pid() && d.get().apiEndpoint() != null) {
                return d.get();
            }
            if (!app.process.isAlive()) {
                throw new AssertionError("sluice exited with " + app.process.exitValue() + ":\n" + app.output());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("sluice serve did not come up in " + timeout + ":\n" + app.output());
    }

    /** The one-time console login link 'sluice serve' printed to {@code log} (waits up to 30 s for it). */
    static String awaitLoginLink(Path log) throws Exception {
        java.util.regex.Pattern login = java.util.regex.Pattern.compile("(http://\\S+/login\\?code=\\S+)");
        for (int i = 0; i < 300; i++) {
            java.util.regex.Matcher m = login.matcher(Files.readString(log));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no login link in " + Files.readString(log));
    }

    /** kill -9: no shutdown hook, no clean close of the store or the runner. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static ObjectMapper json() {
        return JSON;
    }
}
