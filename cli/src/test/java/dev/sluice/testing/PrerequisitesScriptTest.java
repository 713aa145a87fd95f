package dev.sluice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/prerequisites.sh (run by ./demo.sh, by the first phase of ./mvnw verify and by .ci/run) on a machine made
 * to lack a shared library: a fake {@code ldconfig}/{@code ldd} first on PATH. Only {@code --check}: never installs.
 */
class PrerequisitesScriptTest {
    private static final Path SCRIPT = Path.of(System.getProperty("sluice.repo.root", ".."), "scripts/prerequisites.sh");

    private record Result(int exit, String output, long millis) {
    }

    @Test
    void namesTheMissingLibaioAndTheCommandThatInstallsIt(@TempDir Path dir) throws Exception {
        fakeProgram(dir.resolve("bin"), "ldconfig",
                "echo '2 libs found in cache /etc/ld.so.cache'\n"
                        + "printf '\\tlibnuma.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libnuma.so.1\\n'\n"
                        + "printf '\\tlibc.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libc.so.6\\n'");
        Result r = run(dir, "--check", "demo");
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("libaio.so.1 (shared library of the MySQL"), r.output());
        assertTrue(r.output().matches("(?s).*apt-get install -y libaio1(t64)?\\n.*"), r.output());
        assertTrue(r.output().contains("scripts/prerequisites.sh --install demo"), r.output());
        assertFalse(r.output().contains("libnuma.so.1"), "libnuma is there: " + r.output());
        assertFalse(r.output().contains("Exception"), r.output());
    }

    @Test
    void namesALibraryThatAnUnpackedMysqldCannotLoad(@TempDir Path dir) throws Exception {
        fakeProgram(dir.resolve("cache/mysql-8.0.31/bin"), "mysqld", "exit 0");
        fakeProgram(dir.resolve("bin"), "ldd",
                "printf '\\tlibaio.so.1 => /lib/x86_64-linux-gnu/libaio.so.1\\n\\tlibwhatever.so.7 => not found\\n'");
        Result r = run(dir, "--check", "demo");
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("libwhatever.so.7 (shared library of " + dir.resolve("cache/mysql-8.0.31/bin/mysqld")),
                r.output());
        assertTrue(r.output().contains("install the package that provides it"), r.output());
    }

    @Test
    void passesQuietlyAndQuicklyWhenNothingIsMissing(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("bin"));
        Result r = run(dir, "--check", "demo");
        assertEquals(0, r.exit(), r.output());
        assertEquals("", r.output());
        assertTrue(r.millis() < 10_000, "took " + r.millis() + " ms");
    }

    @Test
    void rejectsUnknownArguments(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("bin"));
        Result r = run(dir, "--frobnicate");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("unknown argument '--frobnicate'"), r.output());
    }

    private static void fakeProgram(Path dir, String name, String body) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The script with {@code dir/bin} first on PATH and {@code dir/cache} as the harness cache. */
    private static Result run(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("SLUICE_TEST_CACHE", dir.resolve("cache").toString());
        long t0 = System.nanoTime();
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("prerequisites.sh did not finish in 60 s:\n" + output);
        }
        return new Result(p.exitValue(), output, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }
}
