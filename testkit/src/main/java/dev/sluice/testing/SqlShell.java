package dev.sluice.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The demo's and benchmarks' SQL client for harness servers, in place of the {@code mariadb} command-line client:
 * {@code SqlShell PORT DATABASE SQL} runs the statements (';'-separated, DELIMITER allowed) as root on
 * 127.0.0.1:PORT and prints each result row tab-separated, NULL as {@code NULL}, without headers (like
 * {@code mysql -N -e}). The password is the harness root password unless {@code SLUICE_SQL_PASSWORD} is set.
 * Exit 1 with the server's message when a statement fails, 2 on bad arguments.
 */
public final class SqlShell {
    private SqlShell() {
    }

    public static void main(String[] args) {
        if (args.length != 3 || !args[0].matches("\\d+")) {
            System.err.println("usage: SqlShell PORT DATABASE SQL   (DATABASE \"\" for none)");
            System.exit(2);
        }
        String password = System.getenv().getOrDefault("SLUICE_SQL_PASSWORD", DbServer.ROOT_PASSWORD);
        try (Connection c = DriverManager.getConnection(DbServer.jdbcUrl(Integer.parseInt(args[0]), args[1]), "root",
                password)) {
            SqlClient.run(c, SqlScript.split(args[2]), "SQL", row -> System.out.println(
                    String.join("\t", row.stream().map(v -> v == null ? "NULL" : v).toList())));
        } catch (SQLException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }
}
