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
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
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
        String path = pkg.replace('.', '/');
        for (URL dir : Collections.list(FunctionCatalog.class.getClassLoader().getResources(path))) {
            for (String name : classFileNames(dir, path)) {
                Class<?> c = Class.forName(pkg + "." + name.replace(".class", ""));
                for (Method method : c.getMethods()) {
                    if (method.isAnnotationPresent(Funq.class)) {
                        found.put(FunctionCatalog.functionName(method), c.getSimpleName());
                    }
                }
            }
        }
        return found.keySet();
    }

    /** The top-level class files of a package directory: in target/classes, or in the module's jar (mvn verify). */
    private static List<String> classFileNames(URL dir, String path) throws Exception {
        if ("jar".equals(dir.getProtocol())) {
            JarURLConnection connection = (JarURLConnection) dir.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                return jar.stream().map(JarEntry::getName)
                        .filter(n -> n.startsWith(path + "/") && n.indexOf('/', path.length() + 1) < 0)
                        .map(n -> n.substring(path.length() + 1))
                        .filter(n -> n.endsWith(".class") && !n.contains("$")).toList();
            }
        }
        File[] files = new File(dir.toURI()).listFiles((d, n) -> n.endsWith(".class") && !n.contains("$"));
        return Arrays.stream(files).map(File::getName).toList();
    }
}
