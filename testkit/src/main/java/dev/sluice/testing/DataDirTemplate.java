package dev.sluice.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The initialized data directory of a flavor, built once into the cache ({@code mysqld --initialize-insecure} or
 * {@code mariadb-install-db}) with the harness root account, and copied for every server the harness starts.
 */
final class DataDirTemplate {
    /** Bump when the initialization below changes, so stale templates in the cache are not reused. */
    private static final String LAYOUT_VERSION = "v2";

    private DataDirTemplate() {
    }

    /**
     * Path of the template data directory for a server of the flavor with these options, initializing it first if
     * missing. MySQL 8.0 fixes {@code lower_case_table_names} in the data dictionary at initialization, so a
     * non-default value there gets its own template.
     */
    static Path of(ServerBinaries binaries, ServerOptions options) {
        Flavor flavor = binaries.flavor();
        String lowerCaseTableNames = flavor.isMySql8() ? options.asMap().get("lower-case-table-names") : null;
        String layout = flavor.key() + "-datadir-" + LAYOUT_VERSION;
        String name = layout + (lowerCaseTableNames == null ? "" : "-lctn" + lowerCaseTableNames);
        List<String> initOptions = lowerCaseTableNames == null
                ? List.of() : List.of("--lower-case-table-names=" + lowerCaseTableNames);
        Path entry = HarnessFiles.cached(name, staging -> {
            initialize(binaries, staging, initOptions);
            deleteOlderLayouts(flavor, layout);
        });
        return entry.resolve("data");
    }

    private static void deleteOlderLayouts(Flavor flavor, String currentLayout) throws java.io.IOException {
        try (var entries = Files.list(HarnessFiles.cacheRoot())) {
            for (Path old : entries.filter(p -> p.getFileName().toString().startsWith(flavor.key() + "-datadir-")
                    && !p.getFileName().toString().startsWith(currentLayout)).toList()) {
                HarnessFiles.deleteRecursively(old);
            }
        }
    }

    /** Redo log sizing used both at initialization and at every start (so no resize happens at startup). */
    static List<String> redoLogOptions(Flavor flavor) {
        return flavor.isMySql8() ? List.of("--innodb-redo-log-capacity=16M") : List.of("--innodb-log-file-size=16M");
    }

    private static void initialize(ServerBinaries binaries, Path staging, List<String> initOptions) throws Exception {
        Flavor flavor = binaries.flavor();
        Path data = staging.resolve("data");
        Path bootstrapSql = staging.resolve("bootstrap.sql");
        Path log = staging.resolve("initialize.log");
        Files.writeString(bootstrapSql, bootstrapSql(flavor), StandardCharsets.UTF_8);
        long started = System.nanoTime();
        if (flavor.isMySql()) {
            List<String> cmd = new ArrayList<>(List.of(binaries.serverProgram().toString(), "--no-defaults",
                    "--initialize-insecure", "--user=root",
                    "--basedir=" + binaries.baseDir(), "--datadir=" + data,
                    "--log-error=" + log, "--init-file=" + bootstrapSql));
            cmd.addAll(redoLogOptions(flavor));
            cmd.addAll(initOptions);
            run(cmd, null, log, flavor);
        } else {
            List<String> install = new ArrayList<>(List.of(binaries.installDbProgram().toString(), "--no-defaults",
                    "--datadir=" + data, "--user=root", "--auth-root-authentication-method=normal", "--skip-test-db"));
            run(install, null, log, flavor);
            List<String> bootstrap = new ArrayList<>(List.of(binaries.serverProgram().toString(), "--no-defaults",
                    "--bootstrap", "--user=root", "--datadir=" + data, "--log-error=" + staging.resolve("bootstrap.log")));
            bootstrap.addAll(redoLogOptions(flavor));
            run(bootstrap, bootstrapSql, staging.resolve("bootstrap.log"), flavor);
        }
        Files.deleteIfExists(data.resolve("auto.cnf"));
        System.err.printf("[sluice-test] initialized %s template data directory in %d ms%n", flavor,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static String bootstrapSql(Flavor flavor) {
        String password = DbServer.ROOT_PASSWORD;
        String identified = flavor.isMySql()
                // mysql_native_password on MySQL too, so any client (binlog readers included) can log in without TLS
                ? "IDENTIFIED WITH mysql_native_password BY '" + password + "'"
                : "IDENTIFIED BY '" + password + "'";
        // mariadb-install-db also creates root@127.0.0.1, root@::1 and root@<hostname> without password, which
        // would win over root@'%' for TCP logins: keep only root@localhost (socket) besides the harness account
        String mariaDbCleanup = flavor.isMariaDb()
                ? "FLUSH PRIVILEGES;\n"
                        + "DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host <> 'localhost');\n"
                        + "DELETE FROM mysql.proxies_priv WHERE Host <> 'localhost';\n"
                        + "FLUSH PRIVILEGES;\n"
                : "";
        return mariaDbCleanup
                + "CREATE USER 'root'@'%' " + identified + ";\n"
                + "GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;\n";
    }

    private static void run(List<String> cmd, Path stdin, Path log, Flavor flavor) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.resolveSibling(log.getFileName() + ".out").toFile()));
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("Initializing the " + flavor + " data directory took more than 5 minutes: "
                    + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("Initializing the " + flavor + " data directory failed (exit " + p.exitValue()
                    + "): " + String.join(" ", cmd) + "\n--- output ---\n"
                    + HarnessFiles.tail(log.resolveSibling(log.getFileName() + ".out"), 30)
                    + "\n--- log ---\n" + HarnessFiles.tail(log, 30));
        }
    }
}
