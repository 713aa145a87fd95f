package dev.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs SQL scripts against a server over JDBC, statement by statement as the {@code mysql} client would (split
 * by {@link SqlScript}: DELIMITER, quotes, comments), in one session, stopping at the first error. Needs no
 * command-line client.
 */
final class SqlClient {
    /** ER_EMPTY_QUERY: a statement that was only an executable comment for other server versions. */
    private static final int EMPTY_QUERY = 1065;

    private SqlClient() {
    }

    /** Runs a script file (UTF-8) on a new root session with {@code database} as default schema (null or "" for none). */
    static void load(DbServer server, Path file, String database) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("SQL file " + file + " does not exist or is not readable");
        }
        try {
            run(server, Files.readString(file, StandardCharsets.UTF_8), database, file.toString(), row -> { });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /**
     * Runs {@code script} on a new root session; the rows of every result set go to {@code rows} (columns as text,
     * NULL as null). {@code origin} names the script in errors.
     */
    static void run(DbServer server, String script, String database, String origin, Consumer<List<String>> rows) {
        List<SqlScript.Statement> statements = SqlScript.split(script);
        try (Connection c = server.connect(database == null ? "" : database)) {
            run(c, statements, origin, rows);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to " + server + " to run " + origin + ": " + e.getMessage(), e);
        }
    }

    /** Runs the statements in order on {@code connection}; the first failing one stops the run with its line. */
    static void run(Connection connection, List<SqlScript.Statement> statements, String origin,
            Consumer<List<String>> rows) {
        try (Statement st = connection.createStatement()) {
            st.setEscapeProcessing(false);
            for (SqlScript.Statement statement : statements) {
                try {
                    drain(st, st.execute(statement.sql()), rows);
                } catch (SQLException e) {
                    if (e.getErrorCode() != EMPTY_QUERY) {
                        throw new IllegalStateException(origin + " failed at line " + statement.line() + " ("
                                + SqlScript.abbreviate(statement.sql()) + "): " + e.getMessage(), e);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run " + origin + ": " + e.getMessage(), e);
        }
    }

    /** Reads every result of a statement (a CALL may return several), handing the rows to {@code rows}. */
    private static void drain(Statement st, boolean isResultSet, Consumer<List<String>> rows) throws SQLException {
        boolean more = isResultSet;
        while (more || st.getUpdateCount() != -1) {
            if (more) {
                try (ResultSet rs = st.getResultSet()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        List<String> row = new ArrayList<>(meta.getColumnCount());
                        for (int col = 1; col <= meta.getColumnCount(); col++) {
                            row.add(rs.getString(col));
                        }
                        rows.accept(row);
                    }
                }
            }
            more = st.getMoreResults();
        }
    }
}
