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
 * (except the edges listed in {@link #ALLOWED}, each with its reason).
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package (dev\\.sluice[\\w.]*);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.sluice\\.([a-z][\\w.]*?)\\.[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*[\\s\\S]*?\\*/");

    /** Packages every phase may import; they import none of the phases. */
    static final Set<String> SHARED = Set.of("db", "sql", "binlog", "table", "state", "task", "failure", "report",
            "throttle");
    /** The phases; a sub-package belongs to its phase. */
    static final Set<String> PHASES = Set.of("connectivity", "precheck", "schema", "fullcopy", "incremental",
            "verification", "cutover");
    /** Packages that assemble the phases (functions, control, CLI, platforms); they may import anything. */
    static final Set<String> APPLICATION = Set.of("handler", "control", "cli", "local", "lambda");
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
        for (Path file : sources()) {
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
            visitor.visit(MAIN.relativize(file), pkg, imported);
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

    private static List<Path> sources() {
        List<Path> out = new ArrayList<>();
        for (Path root : List.of(MAIN, Path.of("src/local/java"), Path.of("src/lambda/java"))) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(f -> f.toString().endsWith(".java")).forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertTrue(out.size() > 100, "found only " + out.size() + " sources under " + MAIN.toAbsolutePath());
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
