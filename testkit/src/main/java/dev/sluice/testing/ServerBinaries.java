package dev.sluice.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Locates the server programs of a flavor: unpacks the MySQL tarball found on the test classpath once into the
 * cache, or finds MariaDB's {@code mariadbd} and {@code mariadb-install-db} on PATH.
 */
record ServerBinaries(Flavor flavor, Path baseDir, Path serverProgram, Path installDbProgram) {
    private static final String TARBALL = "mysql-Linux-amd64.tar.gz";
    private static final Map<Flavor, ServerBinaries> RESOLVED = Collections.synchronizedMap(new EnumMap<>(Flavor.class));

    static ServerBinaries of(Flavor flavor) {
        return RESOLVED.computeIfAbsent(flavor, ServerBinaries::resolve);
    }

    private static ServerBinaries resolve(Flavor flavor) {
        if (flavor.isMariaDb()) {
            Path server = findProgram("mariadbd", "mysqld");
            Path installDb = findProgram("mariadb-install-db", "mysql_install_db");
            Path base = server.getParent().getParent();
            return new ServerBinaries(flavor, base, server, installDb);
        }
        URL tarball = findTarball(flavor);
        Path base = HarnessFiles.cached(flavor.key(), staging -> unpack(tarball, staging));
        Path mysqld = base.resolve("bin/mysqld");
        if (!Files.isExecutable(mysqld)) {
            throw new IllegalStateException(mysqld + " is missing or not executable; delete " + base + " and rerun");
        }
        requireSharedLibraries(flavor, mysqld);
        return new ServerBinaries(flavor, base, mysqld, null);
    }

    /**
     * Fails in one line, naming the libraries and the install command, when the dynamic linker cannot find a
     * shared library of {@code program} (instead of the server dying at start with "error while loading shared
     * libraries"). Skipped where {@code ldd} is not available.
     */
    static void requireSharedLibraries(Flavor flavor, Path program) {
        List<String> missing = missingSharedLibraries(program);
        if (!missing.isEmpty()) {
            throw new IllegalStateException(flavor + "'s mysqld cannot load " + String.join(", ", missing)
                    + " (not installed): run 'sudo scripts/prerequisites.sh --install test'"
                    + " (Debian/Ubuntu: sudo apt-get install -y " + String.join(" ", packagesOf(missing)) + ")");
        }
    }

    /** The libraries {@code ldd program} reports as "not found" (empty if ldd is not there). */
    static List<String> missingSharedLibraries(Path program) {
        try {
            Process ldd = new ProcessBuilder("ldd", program.toString()).redirectErrorStream(true).start();
            String output = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ldd.waitFor(30, TimeUnit.SECONDS);
            return output.lines().filter(l -> l.contains("=> not found")).map(l -> l.trim().split("\\s+")[0]).toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Debian/Ubuntu packages of the libraries (scripts/prerequisites.sh knows the release-specific names). */
    private static List<String> packagesOf(List<String> libraries) {
        return libraries.stream().map(lib -> switch (lib) {
            case "libaio.so.1" -> "libaio1";
            case "libnuma.so.1" -> "libnuma1";
            default -> "<package with " + lib + ">";
        }).distinct().toList();
    }

    private static URL findTarball(Flavor flavor) {
        try {
            List<URL> all = Collections.list(ServerBinaries.class.getClassLoader().getResources(TARBALL));
            for (URL url : all) {
                if (url.toString().contains("/" + flavor.artifactJarName() + ".jar!")) {
                    return url;
                }
            }
            throw new IllegalStateException("No " + TARBALL + " of " + flavor + " on the test classpath (looked for a jar named "
                    + flavor.artifactJarName() + ".jar among " + all + "); check the dependency in testkit/pom.xml");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot search the classpath for " + TARBALL, e);
        }
    }

    private static void unpack(URL tarball, Path staging) throws Exception {
        Process tar = new ProcessBuilder("tar", "-xzf", "-", "-C", staging.toString())
                .redirectErrorStream(true)
                .redirectOutput(staging.resolveSibling(staging.getFileName() + ".tar.log").toFile())
                .start();
        try (InputStream in = tarball.openStream(); OutputStream out = tar.getOutputStream()) {
            in.transferTo(out);
        }
        if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
            Path log = staging.resolveSibling(staging.getFileName() + ".tar.log");
            String output = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            throw new IllegalStateException("tar failed to unpack " + tarball + ": " + output);
        }
        Files.deleteIfExists(staging.resolveSibling(staging.getFileName() + ".tar.log"));
        // The 8.0.31 tarball carries bin/libprotobuf*.so symlinks into its build machine's /tmp; mysqld finds the
        // libraries through its rpath (../lib/private), so drop the dangling links.
        try (var files = Files.list(staging.resolve("bin"))) {
            for (Path p : files.toList()) {
                if (Files.isSymbolicLink(p) && !Files.exists(p)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The first of the given program names found on PATH (plus the sbin directories, which root's PATH may lack). */
    private static Path findProgram(String... names) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin", "/usr/local/bin"));
        for (String name : names) {
            for (String dir : dirs) {
                if (dir.isBlank()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("None of " + List.of(names) + " found on PATH or in /usr/sbin: run "
                + "'sudo scripts/prerequisites.sh --install test' (Debian/Ubuntu: sudo apt-get install -y mariadb-server)");
    }
}
