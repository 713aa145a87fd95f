package dev.sluice.db;

import dev.sluice.task.EndpointSpec;
import dev.sluice.task.SecretRef;
import dev.sluice.task.TlsMode;
import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.conf.RuntimeProperty;
import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.jdbc.JdbcStatement;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens JDBC connections to a task endpoint with Sluice's connection settings; the password is resolved from its
 * reference at connect time and never put into the URL, so it cannot leak into messages.
 * <p>What a server (or a man in the middle) cannot make the driver do (docs/security.md):
 * <ul>
 * <li>send the password encrypted with a key the server hands out: public key retrieval is off; without TLS,
 * caching_sha2_password needs {@code server_rsa_public_key_file};</li>
 * <li>read a local file: LOAD DATA LOCAL is allowed only from an empty private directory
 * ({@link #STREAM_ONLY_LOCAL_INFILE}), so the only data a LOCAL INFILE request gets is the stream Sluice set;</li>
 * <li>pass for the server under {@code verify_ca}/{@code verify_identity}: the certificate must chain to
 * {@code ca_file} (or the JVM's trust store).</li>
 * </ul>
 */
public final class Endpoints {
    /**
     * Extra properties of a session that runs LOAD DATA LOCAL INFILE from a stream ({@link #loadDataFromStream}):
     * the driver announces LOCAL INFILE, but may read files only inside an empty directory of its own.
     */
    public static final Map<String, String> STREAM_ONLY_LOCAL_INFILE =
            Map.of("allowLoadLocalInfileInPath", emptyInfileDirectory().toString());

    private static final Map<String, Path> TRUST_STORES = new ConcurrentHashMap<>();
    private static final String TRUST_STORE_PASSWORD = "sluice-ca";   // protects nothing: it holds CA certificates

    private Endpoints() {
    }

    /**
     * A connection with Sluice's defaults (UTF-8, server-side time zone untouched, no auto-reconnect, the
     * endpoint's connect and read timeouts: a server that stops answering fails the statement with "Communications
     * link failure", which the retry window retries, instead of hanging the thread).
     */
    public static Connection open(EndpointSpec endpoint) throws SQLException {
        return open(endpoint, null, Map.of());
    }

    /**
     * A connection for statements that may rightly run for hours (index builds, ALTER TABLE, replicated DDL): no
     * read timeout on the statement itself; instead {@link ServerWatch} asks the server {@code SELECT 1} on a side
     * session while the connection is open and aborts it once the server stops answering within the read timeout.
     */
    public static Connection openForLongStatements(EndpointSpec endpoint, Map<String, String> extra)
            throws SQLException {
        Map<String, String> props = new java.util.HashMap<>(extra);
        props.put("socketTimeout", "0");
        return openWatched(endpoint, props);
    }

    /**
     * A connection with the read timeout that is also aborted by {@link ServerWatch} when the server stops
     * answering: for sessions that send much (LOAD DATA streams, row batches), since a socket write to a frozen
     * server blocks once the buffers are full, and no read timeout covers writes.
     */
    public static Connection openWatched(EndpointSpec endpoint, Map<String, String> extra) throws SQLException {
        return ServerWatch.watch(endpoint, open(endpoint, null, extra));
    }

    /**
     * A connection to {@code database} (may be null) with extra Connector/J properties, e.g.
     * {@code rewriteBatchedStatements=true} or {@code allowLoadLocalInfile=true}.
     */
    public static Connection open(EndpointSpec endpoint, String database, Map<String, String> extra)
            throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", endpoint.user() == null ? "" : endpoint.user());
        props.setProperty("password", SecretRef.passwordOf(endpoint));
        props.setProperty("sslMode", sslMode(endpoint.tlsOrDefault()));
        props.setProperty("allowPublicKeyRetrieval", "false");
        props.setProperty("allowLoadLocalInfile", "false");
        if (endpoint.serverRsaPublicKeyFile() != null) {
            props.setProperty("serverRSAPublicKeyFile", endpoint.serverRsaPublicKeyFile());
        }
        if (endpoint.caFile() != null) {
            props.setProperty("trustCertificateKeyStoreUrl", trustStore(endpoint.caFile()).toUri().toString());
            props.setProperty("trustCertificateKeyStoreType", "PKCS12");
            props.setProperty("trustCertificateKeyStorePassword", TRUST_STORE_PASSWORD);
            props.setProperty("fallbackToSystemTrustStore", "false");
        }
        props.setProperty("connectTimeout", String.valueOf(endpoint.connectTimeoutSecondsOrDefault() * 1000));
        // every read waits at most this long (also the handshake of a server that accepts TCP but never answers)
        props.setProperty("socketTimeout", String.valueOf(endpoint.readTimeoutSecondsOrDefault() * 1000));
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("characterEncoding", "UTF-8");
        props.setProperty("useCursorFetch", "false");
        props.setProperty("zeroDateTimeBehavior", "EXCEPTION");
        props.setProperty("cacheServerConfiguration", "true");
        props.setProperty("useLocalSessionState", "true");
        props.setProperty("connectionAttributes", "program_name:sluice");
        if ("true".equalsIgnoreCase(extra.get("allowLoadLocalInfile"))
                || "true".equalsIgnoreCase(extra.get("allowPublicKeyRetrieval"))) {
            throw new IllegalArgumentException("allowLoadLocalInfile / allowPublicKeyRetrieval let a server read "
                    + "local files or the password; use Endpoints.STREAM_ONLY_LOCAL_INFILE");
        }
        extra.forEach(props::setProperty);
        try {
            return DriverManager.getConnection(url(endpoint, database), props);
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("Public Key Retrieval is not allowed")) {
                throw new SQLException(endpoint.address() + ": the account logs in with caching_sha2_password / "
                        + "sha256_password and the connection is not encrypted, so the password would have to be "
                        + "encrypted with a key the server sends (a man in the middle could send his own). Use "
                        + "tls: required (or verify_ca / verify_identity), or give server_rsa_public_key_file: the "
                        + "server's public key (PEM)", e.getSQLState(), e.getErrorCode(), e);
            }
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof java.security.cert.CertificateException
                        || c instanceof java.security.cert.CertPathValidatorException) {
                    throw new SQLException(endpoint.address() + ": the server's TLS certificate is not trusted ("
                            + c.getMessage() + "); with tls: " + endpoint.tlsOrDefault().yamlName() + " it must be "
                            + "signed by the CA in ca_file (or the JVM's trust store)"
                            + (endpoint.tlsOrDefault() == TlsMode.VERIFY_IDENTITY ? " and name this host" : "")
                            + "; a certificate from another CA may be a man in the middle", "08000", 0, e);
                }
            }
            throw e;
        }
    }

    /**
     * Runs a LOAD DATA LOCAL INFILE statement whose data is {@code in}, on a session opened with
     * {@link #STREAM_ONLY_LOCAL_INFILE}: for this statement only, the driver answers the server's LOCAL INFILE
     * request with {@code in} (whatever file name the server asks for); before and after it, any such request
     * finds only the empty directory.
     */
    public static long loadDataFromStream(Statement st, InputStream in, String sql) throws SQLException {
        RuntimeProperty<Boolean> allow = st.getConnection().unwrap(JdbcConnection.class).getPropertySet()
                .getBooleanProperty(PropertyKey.allowLoadLocalInfile);
        JdbcStatement js = st.unwrap(JdbcStatement.class);
        js.setLocalInfileInputStream(in);
        allow.setValue(true);
        try {
            return st.executeLargeUpdate(sql);
        } finally {
            allow.setValue(false);
            try {
                js.setLocalInfileInputStream(null);
            } catch (RuntimeException sessionGone) {
                // Connector/J drops the session when the connection fails mid-statement (a destination killed):
                // nothing is left to reset, and this NullPointerException must not replace the statement's own
                // SQLException ("Communications link failure"), which says a retry may cure it
            }
        }
    }

    /** A PKCS#12 trust store (in a private temporary directory) holding the CA certificates of {@code caFile}. */
    private static Path trustStore(String caFile) throws SQLException {
        try {
            return TRUST_STORES.computeIfAbsent(caFile, f -> {
                try {
                    Path dir = Files.createTempDirectory("sluice-ca",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    Path store = dir.resolve("ca.p12");
                    try (OutputStream out = Files.newOutputStream(store)) {
                        PemFiles.trustStore(Path.of(f)).store(out, TRUST_STORE_PASSWORD.toCharArray());
                    }
                    store.toFile().deleteOnExit();
                    dir.toFile().deleteOnExit();
                    return store;
                } catch (IOException | java.security.GeneralSecurityException e) {
                    throw new UncheckedIOException(new IOException(e.getMessage(), e));
                }
            });
        } catch (UncheckedIOException e) {
            throw new SQLException("ca_file " + caFile + ": " + e.getCause().getMessage()
                    + "; give the PEM file of the CA that signed the server's certificate", "08000", e);
        }
    }

    private static Path emptyInfileDirectory() {
        try {
            Path dir = Files.createTempDirectory("sluice-no-infile",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));
            dir.toFile().deleteOnExit();
            return dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the empty directory for LOAD DATA LOCAL: " + e.getMessage(), e);
        }
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
