package dev.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering rule of ARCHITECTURE.md, read from the sources (imports and fully qualified names): the shared layer
 * imports no phase and no application package, and a phase imports only the shared layer, never another phase
 * (except the edges listed in {@link #ALLOWED}, each with its reason). And the module rule: every package lives in
 * the module {@link #MODULES} gives it, and what ships to Lambda (core, functions, lambda) neither uses nor depends
 * on a local-only part.
 */
class ArchitectureTest {
    private static final Path ROOT = Path.of(System.getProperty("sluice.repo.root", ".."));
    private static final Pattern PACKAGE = Pattern.compile("^package (dev\\.sluice[\\w.]*);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.sluice\\.([a-z][\\w.]*?)\\.[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*[\\s\\S]*?\\*/");
    private static final Pattern COMMENT_XML = Pattern.compile("<!--[\\s\\S]*?-->");

    /** Packages every phase may import; they import none of the phases. */
    static final Set<String> SHARED = Set.of("db", "sql", "binlog", "table", "state", "task", "failure", "report",
            "throttle", "settings");
    /** The phases; a sub-package belongs to its phase. */
    static final Set<String> PHASES = Set.of("connectivity", "precheck", "schema", "fullcopy", "incremental",
            "verification", "cutover");
    /**
     * Packages that assemble the phases (functions, control, changing a running task's objects, CLI, platforms);
     * they may import anything.
     */
    static final Set<String> APPLICATION = Set.of("handler", "control", "objects", "cli", "local", "lambda");
    /** The packages of each module's src/main/java (ADR 0076). */
    static final Map<String, Set<String>> MODULES = Map.of(
            "core", union(union(SHARED, PHASES), Set.of("objects")),
            "functions", Set.of("handler"),
            "lambda", Set.of("lambda"),
            "cli", Set.of("cli", "local", "control"),
            "testkit", Set.of("testing"));
    /** The modules whose classes are in the Lambda package. */
    static final List<String> SHIPPED_TO_LAMBDA = List.of("core", "functions", "lambda");
    /** Packages and artifacts that are local-only: the CLI, the local platform, the runner, the store, the test kit. */
    static final Set<String> LOCAL_ONLY_PACKAGES = Set.of("cli", "local", "control", "testing", "workflow",
            "dynamodb");
    static final List<String> LOCAL_ONLY_ARTIFACTS = List.of("dev.sluice:sluice-cli", "dev.sluice:sluice-testkit",
            "dev.sluice:sluice-workflow", "dev.sluice:sluice-embedded-dynamodb", "io.quarkus:quarkus-picocli");
    /** Phase-to-phase edges that are part of the design, with the reason. */
    static final Map<String, String> ALLOWED = Map.of(
            "precheck -> connectivity", "the precheck runs the connectivity test as its first check (ADR 0010)",
            "cutover -> verification", "the cutover stops the source only when a verification finds the sides "
                    + "equal, and waits for the replication checkpoint (ADR 0052)");

    @Test
    void everyMainPackageHasALayer() {
        List<String> unknown = new ArrayList<>();
        for (String pkg : packages()) {
            String top = top(pkg);
            if (!SHARED.contains(top) && !PHASES.contains(top) && !APPLICATION.contains(top)) {
                unknown.add(pkg);
            }
        }
        assertEquals(List.of(), unknown, "packages in no layer of ArchitectureTest (and ARCHITECTURE.md): add "
                + "each to SHARED, PHASES or APPLICATION");
    }

    @Test
    void everyPackageIsInItsModule() {
        Set<String> misplaced = new TreeSet<>();
        for (Map.Entry<String, Set<String>> m : MODULES.entrySet()) {
            forEachSource(List.of(m.getKey()), (file, pkg, imported) -> {
                if (!m.getValue().contains(top(pkg))) {
                    misplaced.add(file + ": package " + pkg + " does not belong in module "
                            + m.getKey() + " (" + new TreeSet<>(m.getValue()) + "); move it, or give it a module in "
                            + "ArchitectureTest.MODULES and ARCHITECTURE.md");
                }
            });
        }
        assertEquals(List.of(), List.copyOf(misplaced));
    }

    @Test
    void whatShipsToLambdaUsesNoLocalOnlyPackage() {
        Set<String> violations = new TreeSet<>();
        forEachSource(SHIPPED_TO_LAMBDA, (file, pkg, imported) -> imported.stream()
                .filter(t -> LOCAL_ONLY_PACKAGES.contains(top(t)))
                .forEach(t -> violations.add(file + ": " + pkg + " uses the local-only dev.sluice." + t
                        + " — it would ship to Lambda; pass it in from the cli module instead")));
        assertEquals(List.of(), List.copyOf(violations));
    }

    @Test
    void lambdaBuildGraphHoldsNoLocalOnlyArtifact() {
        // the direct dependencies of the modules in the Lambda package (outside test scope) ...
        Pattern dependency = Pattern.compile("<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)"
                + "</artifactId>((?:(?!</dependency>)[\\s\\S])*)</dependency>");
        for (String module : SHIPPED_TO_LAMBDA) {
            Matcher d = dependency.matcher(COMMENT_XML.matcher(read(ROOT.resolve(module).resolve("pom.xml")))
                    .replaceAll(""));
            while (d.find()) {
                String ga = d.group(1).trim() + ":" + d.group(2).trim();
                assertTrue(!LOCAL_ONLY_ARTIFACTS.contains(ga) || d.group(3).contains("<scope>test</scope>"),
                        module + "/pom.xml depends on the local-only " + ga + ", which would ship to Lambda");
            }
        }
        // ... and the transitive ones: the lambda build fails on any of them (maven-enforcer-plugin)
        String lambdaPom = read(ROOT.resolve("lambda/pom.xml"));
        for (String ga : LOCAL_ONLY_ARTIFACTS) {
            assertTrue(lambdaPom.contains("<exclude>" + ga + "</exclude>"), "lambda/pom.xml's bannedDependencies "
                    + "rule must list " + ga);
        }
    }

    @Test
    void sharedLayerImportsNoPhaseAndPhasesImportOnlyTheSharedLayer() {
        Set<String> violations = new TreeSet<>();
        forEachSource((file, pkg, imported) -> {
            String from = top(pkg);
            for (String target : imported) {
                String to = top(target);
                if (to.equals(from)) {
                    continue;
                }
                if (SHARED.contains(from) && !SHARED.contains(to)) {
                    violations.add(file + ": shared package " + pkg + " uses " + target + " — move the shared "
                            + "piece into the shared layer (" + String.join(", ", new TreeSet<>(SHARED)) + ")");
                } else if (PHASES.contains(from) && !SHARED.contains(to)
                        && !ALLOWED.containsKey(from + " -> " + to)) {
                    violations.add(file + ": phase " + from + " uses " + target + " — a phase imports only the "
                            + "shared layer; move what both need into it");
                }
            }
        });
        assertEquals(List.of(), List.copyOf(violations));
    }

    @Test
    void allowedEdgesAreStillUsed() {
        Set<String> used = new TreeSet<>();
        forEachSource((file, pkg, imported) -> imported.forEach(t -> used.add(top(pkg) + " -> " + top(t))));
        for (String edge : ALLOWED.keySet()) {
            assertTrue(used.contains(edge), "ALLOWED lists " + edge + ", which no source uses any more: remove it");
        }
    }

    private interface SourceVisitor {
        void visit(Path file, String pkg, Set<String> importedPackages);
    }

    private static void forEachSource(SourceVisitor visitor) {
        forEachSource(List.of("core", "functions", "lambda", "cli"), visitor);
    }

    private static void forEachSource(List<String> modules, SourceVisitor visitor) {
        for (Path file : sources(modules)) {
            String text = read(file);
            Matcher p = PACKAGE.matcher(text);
            if (!p.find()) {
                continue;
            }
            String pkg = p.group(1).substring("dev.sluice.".length());
            Set<String> imported = new TreeSet<>();
            Matcher r = REFERENCE.matcher(COMMENT.matcher(text).replaceAll(""));
            while (r.find()) {
                imported.add(r.group(1));
            }
            visitor.visit(ROOT.relativize(file), pkg, imported);
        }
    }

    private static Set<String> packages() {
        Set<String> out = new TreeSet<>();
        forEachSource((file, pkg, imported) -> out.add(pkg));
        return out;
    }

    private static String top(String pkg) {
        int dot = pkg.indexOf('.');
        return dot < 0 ? pkg : pkg.substring(0, dot);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }

    private static List<Path> sources(List<String> modules) {
        List<Path> out = new ArrayList<>();
        for (String module : modules) {
            Path root = ROOT.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(f -> f.toString().endsWith(".java")).forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertTrue(!out.isEmpty(), "found no sources in " + modules + " under " + ROOT.toAbsolutePath());
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
