package dev.sluice.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.funqy.Funq;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.util.Collections;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks that the state machine, the SAM template and the code agree: every {@code ${...}} placeholder of
 * workflow/migration.asl.json is supplied by infra/template.yaml and names a Lambda whose QUARKUS_FUNQY_EXPORT is a
 * Funqy function that exists in this package.
 */
class WorkflowDefinitionTest {
    private static final Path ROOT = Path.of(System.getProperty("sluice.repo.root", ".."));

    @Test
    void everyPlaceholderIsSuppliedByTheTemplateAndNamesAnExistingFunction() throws Exception {
        Set<String> placeholders = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9]+)}")
                .matcher(Files.readString(ROOT.resolve("workflow/migration.asl.json")));
        while (m.find()) {
            placeholders.add(m.group(1));
        }
        assertFalse(placeholders.isEmpty(), "no ${...} placeholders found in the definition");

        JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("infra/template.yaml").toFile());
        JsonNode resources = template.path("Resources");
        JsonNode subs = resources.path("MigrationStateMachine").path("Properties").path("DefinitionSubstitutions");
        Set<String> supplied = new TreeSet<>();
        subs.fieldNames().forEachRemaining(supplied::add);
        assertEquals(placeholders, supplied, "placeholders in the ASL vs DefinitionSubstitutions in the template");
        assertEquals(placeholders, new TreeSet<>(FunctionNames.BY_PLACEHOLDER.keySet()),
                "placeholders in the ASL vs the local runner's FunctionNames");

        Set<String> inCode = funqyFunctionsInCode();
        for (Iterator<Map.Entry<String, JsonNode>> it = subs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            // "!Ref XFunction.Alias" (the alias SnapStart serves) reads as "XFunction.Alias"
            String ref = e.getValue().asText();
            String logicalId = ref.replace(".Alias", "").trim();
            JsonNode fn = resources.path(logicalId);
            assertEquals("AWS::Serverless::Function", fn.path("Type").asText(), e.getKey() + " -> " + ref);
            String export = fn.path("Properties").path("Environment").path("Variables").path("QUARKUS_FUNQY_EXPORT").asText();
            assertTrue(inCode.contains(export), e.getKey() + ": QUARKUS_FUNQY_EXPORT '" + export
                    + "' is not a @Funq function in dev.sluice.handler; functions in code: " + inCode);
            assertEquals(FunctionNames.BY_PLACEHOLDER.get(e.getKey()), export,
                    e.getKey() + ": the local runner's substitution (FunctionNames) differs from the template's");
        }
    }

    @Test
    void theStateMachinePolicyMayInvokeEveryFunction() throws Exception {
        JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("infra/template.yaml").toFile());
        JsonNode sm = template.path("Resources").path("MigrationStateMachine").path("Properties");
        String policies = sm.path("Policies").toString();
        sm.path("DefinitionSubstitutions").fields().forEachRemaining(e ->
                assertTrue(policies.contains(e.getValue().asText()), "no lambda:InvokeFunction for " + e.getKey()));
    }

    /** Scans the compiled handler package for {@code @Funq} methods, as Funqy does. */
    static Set<String> funqyFunctionsInCode() throws Exception {
        Map<String, String> found = new TreeMap<>();
        String pkg = FunctionCatalog.class.getPackageName();
        for (URL dir : Collections.list(FunctionCatalog.class.getClassLoader().getResources(pkg.replace('.', '/')))) {
            File[] files = new File(dir.toURI()).listFiles((d, n) -> n.endsWith(".class") && !n.contains("$"));
            for (File f : files) {
                Class<?> c = Class.forName(pkg + "." + f.getName().replace(".class", ""));
                for (Method method : c.getMethods()) {
                    if (method.isAnnotationPresent(Funq.class)) {
                        found.put(FunctionCatalog.functionName(method), c.getSimpleName());
                    }
                }
            }
        }
        return found.keySet();
    }
}
