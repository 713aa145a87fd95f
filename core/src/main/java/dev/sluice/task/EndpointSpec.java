package dev.sluice.task;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One database endpoint of a task: where it is and how to log in. The password is a reference
 * ({@code env:VAR}, {@code file:PATH} or a Secrets Manager ARN), never the secret itself. {@code caFile}: PEM CA
 * certificate(s) that {@code tls: verify_ca / verify_identity} trust (default: the JVM's trust store);
 * {@code serverRsaPublicKeyFile}: the server's RSA public key (PEM), so caching_sha2_password / sha256_password
 * can log in without TLS without asking the server for its key (docs/security.md). {@code readTimeoutSeconds}: how
 * long an ordinary statement may wait for the server's answer before its connection counts as lost (retried within
 * the task's retry window); statements that may rightly run for hours are bounded by the server's liveness instead
 * (docs/reliability.md, ADR 0083).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointSpec(
        String host,
        Integer port,
        String user,
        String password,
        TlsMode tls,
        Integer connectTimeoutSeconds,
        String caFile,
        String serverRsaPublicKeyFile,
        Integer readTimeoutSeconds) {
    /** The read timeout when the task file gives none: 5 minutes, six times InnoDB's default lock wait timeout. */
    public static final int DEFAULT_READ_TIMEOUT_SECONDS = 300;

    public EndpointSpec(String host, Integer port, String user, String password, TlsMode tls,
                        Integer connectTimeoutSeconds) {
        this(host, port, user, password, tls, connectTimeoutSeconds, null, null);
    }

    public EndpointSpec(String host, Integer port, String user, String password, TlsMode tls,
                        Integer connectTimeoutSeconds, String caFile, String serverRsaPublicKeyFile) {
        this(host, port, user, password, tls, connectTimeoutSeconds, caFile, serverRsaPublicKeyFile, null);
    }

    public int portOrDefault() {
        return port == null ? 3306 : port;
    }

    public TlsMode tlsOrDefault() {
        return tls == null ? TlsMode.PREFERRED : tls;
    }

    public int connectTimeoutSecondsOrDefault() {
        return connectTimeoutSeconds == null ? 10 : connectTimeoutSeconds;
    }

    public int readTimeoutSecondsOrDefault() {
        return readTimeoutSeconds == null ? DEFAULT_READ_TIMEOUT_SECONDS : readTimeoutSeconds;
    }

    /** host:port, for messages (never includes credentials). */
    public String address() {
        return host + ":" + portOrDefault();
    }
}
