package dev.sluice.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the npm package asl-validator (pinned in workflow/package.json) on the migration state machine. */
class AslValidatorTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    private static final Path VALIDATOR = MODULE.resolve("node_modules/.bin/asl-validator");

    @BeforeAll
    static void installValidator() throws Exception {
        if (!Files.isExecutable(VALIDATOR)) {
            System.err.println("[sluice-test] npm ci in " + MODULE + ": fetching asl-validator and its dependencies "
                    + "(workflow/package-lock.json) from the npm registry, first run only");
            Result r = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
            assertEquals(0, r.exit, "npm ci in workflow/ failed (is Node.js/npm installed?):\n" + r.output);
        }
    }

    @Test
    void migrationDefinitionIsValidAsl() throws Exception {
        Result r = run(List.of(VALIDATOR.toString(), "--json-path", "migration.asl.json"), 120);
        assertEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("is valid"), r.output);
    }

    @Test
    void validatorRejectsABrokenDefinition(@TempDir Path dir) throws Exception {
        String broken = Files.readString(MODULE.resolve("migration.asl.json"))
                .replace("\"Next\": \"PickPhase\"", "\"Next\": \"NoSuchState\"");
        Path file = dir.resolve("broken.asl.json");
        Files.writeString(file, broken);
        Result r = run(List.of(VALIDATOR.toString(), "--json-path", file.toString()), 120);
        assertNotEquals(0, r.exit, "asl-validator accepted a Next that points nowhere:\n" + r.output);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(MODULE.toFile()).redirectErrorStream(true).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
