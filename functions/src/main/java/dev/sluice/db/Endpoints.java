package dev.sluice.db;

import dev.sluice.task.EndpointSpec;
import dev.sluice.task.SecretRef;
import dev.sluice.task.TlsMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * Opens JDBC connections to a task endpoint with Sluice's connection settings; the password is resolved from its
 * reference at connect time and never put into the URL, so it cannot leak into messages.
 */
public final class Endpoints {
    private Endpoints() {
    }

    /** A connection with Sluice's defaults (UTF-8, server-side time zone untouched, no auto-reconnect). */
    public static Connection open(EndpointSpec endpoint) throws SQLException {
        return open(endpoint, null, Map.of());
    }

    /**
     * A connection to {@code database} (may be null) with extra Connector/J properties, e.g.
     * {@code rewriteBatchedStatements=true} or {@code allowLoadLocalInfile=true}.
     */
    public static Connection open(EndpointSpec endpoint, String database, Map<String, String> extra)
            throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", endpoint.user() == null ? "" : endpoint.user());
        props.setProperty("password", SecretRef.resolve(endpoint.password()));
        props.setProperty("sslMode", sslMode(endpoint.tlsOrDefault()));
        props.setProperty("allowPublicKeyRetrieval", "true");
        props.setProperty("connectTimeout", String.valueOf(endpoint.connectTimeoutSecondsOrDefault() * 1000));
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("characterEncoding", "UTF-8");
        props.setProperty("useCursorFetch", "false");
        props.setProperty("zeroDateTimeBehavior", "EXCEPTION");
        props.setProperty("cacheServerConfiguration", "true");
        props.setProperty("useLocalSessionState", "true");
        props.setProperty("connectionAttributes", "program_name:sluice");
        extra.forEach(props::setProperty);
        return DriverManager.getConnection(url(endpoint, database), props);
    }

    /** The JDBC URL (no credentials in it). */
    public static String url(EndpointSpec endpoint, String database) {
        String host = endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host();
        return "jdbc:mysql://" + host + ":" + endpoint.portOrDefault() + "/" + (database == null ? "" : database);
    }

    static String sslMode(TlsMode mode) {
        return switch (mode) {
            case DISABLED -> "DISABLED";
            case PREFERRED -> "PREFERRED";
            case REQUIRED -> "REQUIRED";
            case VERIFY_CA -> "VERIFY_CA";
            case VERIFY_IDENTITY -> "VERIFY_IDENTITY";
        };
    }
}
