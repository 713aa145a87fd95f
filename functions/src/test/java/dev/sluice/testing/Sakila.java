package dev.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the Sakila sample database ({@code <repo>/../shared/datasets/sakila}: tables with foreign keys, views,
 * routines, triggers, FULLTEXT and SPATIAL indexes) into a harness server under any database name.
 */
public final class Sakila {
    /** Rows in sakila.film, sakila.actor, sakila.rental of the packaged data (for assertions). */
    public static final int FILM_ROWS = 1000;
    public static final int ACTOR_ROWS = 200;
    public static final int RENTAL_ROWS = 16044;

    /** Whole-word "sakila" (not MySakila, sakilacustomer.org) as used in USE/CREATE SCHEMA and qualified names. */
    private static final Pattern SCHEMA_NAME = Pattern.compile("(?<![\\w@.])sakila(?![\\w])");

    private Sakila() {
    }

    /** Directory of the Sakila files: {@code -Dsluice.sakila.dir}, else {@code <sluice.repo.root>/../shared/datasets/sakila}. */
    public static Path directory() {
        String configured = System.getProperty("sluice.sakila.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        String repoRoot = System.getProperty("sluice.repo.root");
        Path start = repoRoot != null ? Path.of(repoRoot) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared").resolve("datasets/sakila");
            if (Files.isRegularFile(candidate.resolve("sakila-schema.sql"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("Sakila files not found: expected shared/datasets/sakila beside the repository ("
                + start + "/../shared); set -Dsluice.sakila.dir=<dir with sakila-schema.sql> to point elsewhere");
    }

    public static Path schemaFile() {
        return directory().resolve("sakila-schema.sql");
    }

    public static Path dataFile() {
        return directory().resolve("sakila-data.sql");
    }

    /** Loads schema and data into database {@code database} (dropped and recreated) and returns its name. */
    public static String load(DbServer server, String database) {
        loadFile(server, schemaFile(), database);
        loadFile(server, dataFile(), database);
        return database;
    }

    /** Loads only the schema (tables, views, routines, triggers, no rows) into {@code database}. */
    public static String loadSchema(DbServer server, String database) {
        loadFile(server, schemaFile(), database);
        return database;
    }

    /** Loads schema and data into a new uniquely named database and returns the name. */
    public static String loadUnique(DbServer server) {
        return load(server, TestNames.unique("sakila"));
    }

    private static void loadFile(DbServer server, Path original, String database) {
        if ("sakila".equals(database)) {
            server.loadSql(original, null);
            return;
        }
        if (!database.matches("[A-Za-z0-9_$]+")) {
            throw new IllegalArgumentException("Database name for Sakila must match [A-Za-z0-9_$]+, got: " + database);
        }
        Path copy = server.dir().resolve("tmp").resolve(database + "-" + original.getFileName());
        try {
            String sql = Files.readString(original, StandardCharsets.ISO_8859_1);
            String rewritten = SCHEMA_NAME.matcher(sql).replaceAll(Matcher.quoteReplacement("`" + database + "`"));
            Files.writeString(copy, rewritten, StandardCharsets.ISO_8859_1);
            server.loadSql(copy, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rewrite " + original + " for database " + database, e);
        } finally {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException ignored) {
                // removed with the server directory
            }
        }
    }
}
