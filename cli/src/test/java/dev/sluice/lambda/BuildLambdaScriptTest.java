package dev.sluice.lambda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: {@code infra/build-lambda.sh} ran {@code mvn clean package}, deleting functions/target, the build that
 * {@code ./sluice} and a running {@code sluice serve} use. The Lambda profile now builds in its own directory and
 * the script removes only that one.
 */
class BuildLambdaScriptTest {

    @Test
    void theLambdaBuildNeverCleansTheCliBuild() throws Exception {
        String script = Files.readString(Path.of("../infra/build-lambda.sh"));
        assertFalse(Pattern.compile("mvnw[^\\n]*\\sclean(\\s|$)", Pattern.MULTILINE).matcher(script).find(),
                "build-lambda.sh must not run the 'clean' goal:\n" + script);
        for (String line : script.split("\n")) {
            if (line.trim().startsWith("rm ")) {
                assertTrue(line.contains("functions/target-lambda"), "removes only the Lambda build: " + line);
            }
        }
        String pom = Files.readString(Path.of("pom.xml"));
        String profile = pom.substring(pom.indexOf("<id>lambda</id>"));
        profile = profile.substring(0, profile.indexOf("</profile>"));
        assertTrue(profile.contains("<directory>${project.basedir}/target-lambda</directory>"),
                "the lambda profile builds in functions/target-lambda, not functions/target");
    }
}
