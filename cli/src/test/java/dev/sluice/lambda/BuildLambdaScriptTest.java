package dev.sluice.lambda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: {@code infra/build-lambda.sh} ran {@code mvn clean package}, deleting the build that {@code ./sluice} and
 * a running {@code sluice serve} use. The Lambda package is now its own module (ADR 0076): the script builds only
 * {@code -pl lambda -am}, never runs {@code clean}, and removes nothing outside lambda/target.
 */
class BuildLambdaScriptTest {

    @Test
    void theLambdaBuildNeverCleansTheCliBuild() throws Exception {
        String script = Files.readString(Path.of("../infra/build-lambda.sh"));
        assertFalse(Pattern.compile("mvnw[^\\n]*\\sclean(\\s|$)", Pattern.MULTILINE).matcher(script).find(),
                "build-lambda.sh must not run the 'clean' goal:\n" + script);
        for (String line : script.split("\n")) {
            if (line.trim().startsWith("rm ")) {
                assertTrue(line.contains("lambda/target"), "removes only the Lambda build: " + line);
            }
        }
        for (String line : script.split("\n")) {
            if (line.contains("./mvnw")) {
                assertTrue(line.contains("-pl lambda"), "builds only the lambda module (and what it needs): " + line);
                assertFalse(line.contains("cli"), "never builds the CLI module the local build uses: " + line);
            }
        }
    }
}
