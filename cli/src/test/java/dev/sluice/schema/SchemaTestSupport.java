package dev.sluice.schema;

import dev.sluice.task.TaskFiles;
import dev.sluice.task.TaskSpec;
import dev.sluice.testing.DbServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Test helpers for the schema phase: task specs for harness servers and a plain cross-server row copy. */
final class SchemaTestSupport {
    private SchemaTestSupport() {
    }

    /** A task spec between two harness servers (root, password in a file) with extra YAML appended. */
    static TaskSpec spec(DbServer src, DbServer dst, String objectsAndMore) {
        return spec(src, dst, "[schema, full]", objectsAndMore);
    }

    static TaskSpec spec(DbServer src, DbServer dst, String types, String objectsAndMore) {
        try {
            Path pw = Files.createTempFile("sluice-pw", ".txt");
            pw.toFile().deleteOnExit();
            Files.writeString(pw, DbServer.ROOT_PASSWORD);
            String yaml = "name: schema-test\n"
                    + "source: {host: 127.0.0.1, port: " + src.port() + ", user: root, password: 'file:" + pw + "', tls: disabled}\n"
                    + "destination: {host: 127.0.0.1, port: " + dst.port() + ", user: root, password: 'file:" + pw + "', tls: disabled}\n"
                    + "types: " + types + "\n" + objectsAndMore;
            return TaskFiles.parse(yaml, "test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies all rows of a table column by column (binary columns as bytes, the rest as text). */
    static void copyTable(DbServer src, String srcDb, String table, DbServer dst, String dstDb, String dstTable,
                          Map<String, String> columnRenames) throws SQLException {
        try (Connection s = src.connect(srcDb); Connection d = dst.connect(dstDb);
             Statement st = s.createStatement()) {
            try (Statement ds = d.createStatement()) {
                ds.execute("SET SESSION foreign_key_checks = 0");
                ds.execute("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'");
                ds.execute("SET SESSION time_zone = '+00:00'");
            }
            st.execute("SET SESSION time_zone = '+00:00'");
            try (ResultSet rs = st.executeQuery("SELECT * FROM `" + table + "`")) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cols.add("`" + columnRenames.getOrDefault(md.getColumnName(i), md.getColumnName(i)) + "`");
                }
                String sql = "INSERT INTO `" + dstTable + "` (" + String.join(",", cols) + ") VALUES ("
                        + cols.stream().map(c -> "?").collect(Collectors.joining(",")) + ")";
                d.setAutoCommit(false);
                try (PreparedStatement ps = d.prepareStatement(sql)) {
                    int batch = 0;
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            int type = md.getColumnType(i);
                            boolean binary = type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY
                                    || type == Types.BLOB || md.getColumnTypeName(i).toUpperCase().contains("GEOMETRY")
                                    || md.getColumnTypeName(i).toUpperCase().contains("BLOB");
                            if (binary) {
                                ps.setBytes(i, rs.getBytes(i));
                            } else {
                                ps.setString(i, rs.getString(i));
                            }
                        }
                        ps.addBatch();
                        if (++batch % 1000 == 0) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
                d.commit();
            }
        }
    }

    /** Rows of a query as strings, one line per row, for comparing two servers. */
    static List<String> rows(DbServer server, String db, String sql) throws SQLException {
        try (Connection c = server.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i > 1 ? " | " : "").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
            return out;
        }
    }
}
