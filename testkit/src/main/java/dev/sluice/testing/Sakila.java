package dev.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the Sakila sample database ({@code <repo>/datasets/sakila}: tables with foreign keys, views,
 * routines, triggers, FULLTEXT and SPATIAL indexes) into a harness server under any database name.
 */
public final class Sakila {
    /** Rows in sakila.film, sakila.actor, sakila.rental of the packaged data (for assertions). */
    public static final int FILM_ROWS = 1000;
    public static final int ACTOR_ROWS = 200;
    public static final int RENTAL_ROWS = 16044;

    /** Whole-word "sakila" (not MySakila, sakilacustomer.org) as used in USE/CREATE SCHEMA and qualified names. */
    /** Where the data set lives, relative to the repository root. */
    private static final String IN_REPOSITORY = "datasets/sakila";
    private static final Pattern SCHEMA_NAME = Pattern.compile("(?<![\\w@.])sakila(?![\\w])");

    private Sakila() {
    }

    /**
     * Directory of the Sakila files: {@code -Dsluice.sakila.dir}, else {@code datasets/sakila} of this repository
     * (found from {@code -Dsluice.repo.root} or by walking up from the working directory to the root, the directory
     * with {@code mvnw}; never outside it).
     */
    public static Path directory() {
        String configured = System.getProperty("sluice.sakila.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        String repoRoot = System.getProperty("sluice.repo.root");
        Path start = (repoRoot != null ? Path.of(repoRoot) : Path.of("")).toAbsolutePath().normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve(IN_REPOSITORY);
            if (Files.isRegularFile(candidate.resolve("sakila-schema.sql"))) {
                return candidate;
            }
            if (Files.exists(p.resolve("mvnw"))) {
                break; // the repository root: never look outside it
            }
        }
        throw new IllegalStateException("Sakila files not found: expected " + IN_REPOSITORY + "/sakila-schema.sql in the "
                + "repository at or above " + start + "; run from the repository or set -Dsluice.sakila.dir=<dir>");
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
        if (!database.matches("[A-Za-z0-9_$]+")) {
            throw new IllegalArgumentException("Database name for Sakila must match [A-Za-z0-9_$]+, got: " + database);
        }
        try {
            String sql = Files.readString(original, StandardCharsets.UTF_8);
            String rewritten = "sakila".equals(database)
                    ? sql : SCHEMA_NAME.matcher(sql).replaceAll(Matcher.quoteReplacement("`" + database + "`"));
            server.runScript(rewritten, null, original + " (as database " + database + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + original, e);
        }
    }
}
