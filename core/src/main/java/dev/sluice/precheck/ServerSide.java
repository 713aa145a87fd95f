package dev.sluice.precheck;

import dev.sluice.db.Endpoints;
import dev.sluice.db.ServerInfo;
import dev.sluice.task.EndpointSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One endpoint as the precheck sees it: a connection opened on first use and kept for all checks, and the server
 * facts checks share (server info, global variables, the account's privileges), each read once.
 */
public final class ServerSide implements AutoCloseable {
    private final String role;
    private final EndpointSpec endpoint;
    private Connection connection;
    private ServerInfo info;
    private Map<String, String> variables;
    private Privileges privileges;

    ServerSide(String role, EndpointSpec endpoint) {
        this.role = role;
        this.endpoint = endpoint;
    }

    /** "source" or "destination". */
    public String role() {
        return role;
    }

    public EndpointSpec endpoint() {
        return endpoint;
    }

    public Connection connection() throws SQLException {
        if (connection == null) {
            connection = Endpoints.open(endpoint);
        }
        return connection;
    }

    public ServerInfo info() throws SQLException {
        if (info == null) {
            info = ServerInfo.of(connection());
        }
        return info;
    }

    /** A global variable (SHOW GLOBAL VARIABLES, name case-insensitive), empty when the server has no such variable. */
    public Optional<String> variable(String name) throws SQLException {
        if (variables == null) {
            Map<String, String> v = new HashMap<>();
            for (Map<String, Object> row : query("SHOW GLOBAL VARIABLES")) {
                v.put(String.valueOf(row.get("VARIABLE_NAME")).toLowerCase(Locale.ROOT),
                        row.get("VALUE") == null ? "" : String.valueOf(row.get("VALUE")));
            }
            variables = v;
        }
        return Optional.ofNullable(variables.get(name.toLowerCase(Locale.ROOT)));
    }

    /** A variable that is ON (ON, 1, TRUE, YES). */
    public boolean isOn(String name) throws SQLException {
        String v = variable(name).orElse("").toUpperCase(Locale.ROOT);
        return v.equals("ON") || v.equals("1") || v.equals("TRUE") || v.equals("YES");
    }

    public long longVariable(String name, long otherwise) throws SQLException {
        Optional<String> v = variable(name);
        if (v.isEmpty() || v.get().isBlank()) {
            return otherwise;
        }
        try {
            return new java.math.BigDecimal(v.get().trim()).longValue();
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    public Privileges privileges() throws SQLException {
        if (privileges == null) {
            privileges = Privileges.load(connection());
        }
        return privileges;
    }

    /** Rows of a query as maps from upper-case column label to value, in result order. */
    public List<Map<String, Object>> query(String sql, Object... params) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = connection().prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= md.getColumnCount(); c++) {
                        row.put(md.getColumnLabel(c).toUpperCase(Locale.ROOT), rs.getObject(c));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** First column of the first row, or null. */
    public String queryValue(String sql, Object... params) throws SQLException {
        List<Map<String, Object>> rows = query(sql, params);
        if (rows.isEmpty()) {
            return null;
        }
        Object v = rows.get(0).values().iterator().next();
        return v == null ? null : String.valueOf(v);
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a finished session; nothing to report
            }
            connection = null;
        }
    }
}
