package dev.sluice.connectivity;

import dev.sluice.db.Endpoints;
import dev.sluice.db.ServerInfo;
import dev.sluice.report.Redactor;
import dev.sluice.task.EndpointSpec;
import dev.sluice.task.SecretRef;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.TlsMode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tests each endpoint of a task step by step — DNS, TCP, TLS, authentication, privileges, server version and
 * flavor, round-trip latency — and says for each failure what to fix. Passwords never appear in its output.
 */
public class ConnectivityTester {
    /** Number of {@code SELECT 1} round trips whose median is reported. */
    static final int LATENCY_SAMPLES = 5;
    /** Round trips slower than this are reported as a warning: each chunk and each binlog batch pays them. */
    static final double SLOW_ROUND_TRIP_MS = 20.0;

    /** Tests source and destination of the task, each separately (one failing does not stop the other). */
    public ConnectivityReport test(TaskSpec spec) {
        List<EndpointReport> reports = new ArrayList<>();
        reports.add(test("source", spec.source()));
        reports.add(test("destination", spec.destination()));
        return new ConnectivityReport(Instant.now(), reports);
    }

    /** Tests one endpoint; {@code role} ("source"/"destination") prefixes every message. */
    public EndpointReport test(String role, EndpointSpec endpoint) {
        Redactor redactor;
        try {
            redactor = Redactor.of(SecretRef.passwordOf(endpoint));
        } catch (RuntimeException e) {
            redactor = Redactor.of(null); // resolution fails again, with its message, in the authentication step
        }
        List<StepResult> steps = new Run(role, endpoint).steps();
        List<StepResult> clean = new ArrayList<>();
        for (StepResult s : steps) {
            clean.add(s.redacted(redactor));
        }
        return new EndpointReport(role, endpoint.address(), endpoint.user(), clean);
    }

    /** One endpoint's test run; collects step results in order. */
    private static final class Run {
        private final String role;
        private final EndpointSpec endpoint;
        private final String where;
        private final List<StepResult> steps = new ArrayList<>();

        Run(String role, EndpointSpec endpoint) {
            this.role = role;
            this.endpoint = endpoint;
            this.where = role + " " + endpoint.address();
        }

        List<StepResult> steps() {
            InetAddress address = dns();
            if (address == null) {
                return skipRest("DNS failed");
            }
            ServerGreeting greeting = tcp(address);
            if (greeting == null) {
                return skipRest("TCP failed");
            }
            connectAndInspect(greeting);
            return steps;
        }

        private List<StepResult> skipRest(String why) {
            for (Step s : Step.values()) {
                if (steps.stream().noneMatch(r -> r.step() == s)) {
                    steps.add(StepResult.skipped(s, "not tried: " + why));
                }
            }
            return steps;
        }

        private InetAddress dns() {
            String host = endpoint.host();
            if (host == null || host.isBlank()) {
                steps.add(StepResult.failed(Step.DNS, null, role + ": no host given; set " + role
                        + ".host in the task file"));
                return null;
            }
            long t0 = System.nanoTime();
            try {
                InetAddress[] all = InetAddress.getAllByName(host);
                double ms = (System.nanoTime() - t0) / 1e6;
                String value = Arrays.stream(all).map(InetAddress::getHostAddress).distinct()
                        .reduce((a, b) -> a + ", " + b).orElse("") + String.format(Locale.ROOT, " (%.1f ms)", ms);
                steps.add(StepResult.ok(Step.DNS, value));
                return all[0];
            } catch (UnknownHostException e) {
                steps.add(StepResult.failed(Step.DNS, null, where + ": unknown host '" + host
                        + "' — the name does not resolve; check " + role + ".host in the task file (typo?) and this"
                        + " machine's DNS / /etc/hosts (from a Lambda in a VPC: the VPC's DNS resolution settings)"));
                return null;
            }
        }

        private ServerGreeting tcp(InetAddress address) {
            int timeoutMs = endpoint.connectTimeoutSecondsOrDefault() * 1000;
            long t0 = System.nanoTime();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, endpoint.portOrDefault()), timeoutMs);
                double connectMs = (System.nanoTime() - t0) / 1e6;
                socket.setSoTimeout(Math.min(timeoutMs, 5000));
                ServerGreeting g;
                try {
                    g = ServerGreeting.read(socket.getInputStream());
                } catch (SocketTimeoutException e) {
                    steps.add(StepResult.failed(Step.TCP, address.getHostAddress(), where + ": the port accepts TCP "
                            + "connections but sends no MySQL greeting — this is not a MySQL/MariaDB server port (the "
                            + "X Protocol port 33060, a proxy or another service?); check " + role + ".port"));
                    return null;
                } catch (IOException e) {
                    steps.add(StepResult.failed(Step.TCP, address.getHostAddress(), where + ": the port answers but "
                            + "not with the MySQL protocol (" + e.getMessage() + "); check " + role + ".port"));
                    return null;
                }
                if (g.isError()) {
                    steps.add(StepResult.failed(Step.TCP, address.getHostAddress(), where + ": the server refused the "
                            + "connection before login: error " + g.errorCode() + " " + g.error() + " — "
                            + greetingErrorAdvice(g.errorCode())));
                    return null;
                }
                steps.add(StepResult.ok(Step.TCP, String.format(Locale.ROOT, "%s:%d connected in %.1f ms",
                        address.getHostAddress(), endpoint.portOrDefault(), connectMs)));
                return g;
            } catch (ConnectException e) {
                steps.add(StepResult.failed(Step.TCP, address.getHostAddress(), where + ": connection refused — is "
                        + "mysqld running and listening on this port (bind_address, port)? check " + role
                        + ".host/port in the task file"));
            } catch (SocketTimeoutException e) {
                steps.add(StepResult.failed(Step.TCP, address.getHostAddress(), where + ": no answer within "
                        + endpoint.connectTimeoutSecondsOrDefault() + " s — a firewall or security group drops the "
                        + "packets, or the host is down; allow TCP " + endpoint.portOrDefault()
                        + " from this machine (or raise " + role + ".connect_timeout_seconds)"));
            } catch (NoRouteToHostException e) {
                steps.add(StepResult.failed(Step.TCP, address.getHostAddress(), where + ": no route to host — the "
                        + "network is unreachable from here (routing, VPC/subnet, VPN); check the network path"));
            } catch (IOException e) {
                steps.add(StepResult.failed(Step.TCP, address.getHostAddress(), where + ": TCP connection failed: "
                        + e.getMessage() + " — check " + role + ".host/port and the network path"));
            }
            return null;
        }

        private static String greetingErrorAdvice(int code) {
            return switch (code) {
                case 1129 -> "this host is blocked after too many failed connections; run FLUSH HOSTS (or "
                        + "TRUNCATE performance_schema.host_cache) on the server, and raise max_connect_errors";
                case 1040 -> "the server is at max_connections; close idle connections or raise max_connections";
                case 1130 -> "this client host is not allowed to connect; create the account for this host "
                        + "(CREATE USER 'user'@'<this host or %>')";
                default -> "see the server error log";
            };
        }

        private void connectAndInspect(ServerGreeting greeting) {
            TlsMode mode = endpoint.tlsOrDefault();
            boolean wantsTls = mode != TlsMode.DISABLED && mode != TlsMode.PREFERRED;
            if (wantsTls && !greeting.offersTls()) {
                steps.add(StepResult.failed(Step.TLS, "not offered by the server", where + ": the task says tls: "
                        + mode.yamlName() + " but the server does not offer TLS (have_ssl=DISABLED); configure "
                        + "ssl_cert/ssl_key on the server, or set " + role + ".tls: preferred in the task file"));
                skipRest("TLS failed");
                return;
            }
            Connection c;
            try {
                c = Endpoints.open(endpoint);
            } catch (SQLException e) {
                connectFailed(e, greeting);
                return;
            } catch (RuntimeException e) {
                steps.add(StepResult.skipped(Step.TLS, "not tried: the password could not be resolved"));
                steps.add(StepResult.failed(Step.AUTHENTICATION, null, where + ": " + e.getMessage()));
                skipRest("authentication failed");
                return;
            }
            try (c) {
                inspect(c, greeting);
            } catch (SQLException e) {
                steps.add(StepResult.failed(stepAfterLast(), null, where + ": query failed after login: "
                        + e.getMessage() + " (error " + e.getErrorCode() + ")"));
                skipRest("an earlier step failed");
            }
        }

        private Step stepAfterLast() {
            Step[] all = Step.values();
            return steps.isEmpty() ? all[0] : all[Math.min(all.length - 1, steps.get(steps.size() - 1).step().ordinal() + 1)];
        }

        private void connectFailed(SQLException e, ServerGreeting greeting) {
            String msg = String.valueOf(e.getMessage());
            String lower = msg.toLowerCase(Locale.ROOT);
            TlsMode mode = endpoint.tlsOrDefault();
            if (e.getErrorCode() == 3159 || lower.contains("insecure transport")) {
                steps.add(StepResult.failed(Step.TLS, "required by the server", where + ": the server requires TLS "
                        + "(require_secure_transport=ON) but the task says tls: " + mode.yamlName() + "; set " + role
                        + ".tls: required (or verify_ca / verify_identity) in the task file"));
                skipRest("TLS failed");
                return;
            }
            if (e.getErrorCode() == 1045) {
                if (mode == TlsMode.DISABLED && greeting.offersTls() && worksWithTls()) {
                    steps.add(StepResult.failed(Step.TLS, "required by the account", where + ": the account "
                            + endpoint.user() + " requires TLS (created with REQUIRE SSL / X509) but the task says "
                            + "tls: disabled; set " + role + ".tls: required in the task file"));
                    skipRest("TLS failed");
                    return;
                }
                steps.add(StepResult.skipped(Step.TLS, "not checked: login failed"));
                steps.add(StepResult.failed(Step.AUTHENTICATION, endpoint.user(), where + ": wrong user or password "
                        + "(server says: " + msg + ") — check " + role + ".user and the password reference "
                        + endpoint.password() + ", and that the account exists for this client host"));
                skipRest("authentication failed");
                return;
            }
            if (msg.contains("server_rsa_public_key_file")) {
                steps.add(StepResult.skipped(Step.TLS, "not used"));
                steps.add(StepResult.failed(Step.AUTHENTICATION, endpoint.user(), where + ": " + msg));
                skipRest("authentication failed");
                return;
            }
            if (lower.contains("ssl") || lower.contains("tls") || lower.contains("pkix")
                    || lower.contains("certificate")) {
                String hint = lower.contains("pkix") || lower.contains("certificate")
                        ? "the server certificate is not signed by a trusted CA (or names another host, for "
                          + "verify_identity); set " + role + ".ca_file to the PEM file of the CA that signed it"
                        : "check the server's TLS setup (ssl_cert, ssl_key, tls_version) or set " + role
                          + ".tls: preferred";
                steps.add(StepResult.failed(Step.TLS, null, where + ": TLS handshake failed (" + msg + ") — "
                        + hint));
                skipRest("TLS failed");
                return;
            }
            steps.add(StepResult.skipped(Step.TLS, "not checked: login failed"));
            String advice = switch (e.getErrorCode()) {
                case 1129 -> "this host is blocked after too many failed connections; run FLUSH HOSTS on the server";
                case 1040 -> "the server is at max_connections; close idle connections or raise max_connections";
                case 1251, 2059 -> "the client cannot use the account's authentication plugin; ALTER USER ... "
                        + "IDENTIFIED WITH caching_sha2_password or mysql_native_password";
                case 3118 -> "the account is locked; ALTER USER ... ACCOUNT UNLOCK";
                case 1862, 1820 -> "the password has expired; ALTER USER ... IDENTIFIED BY a new password";
                default -> "check the server error log and " + role + " settings in the task file";
            };
            steps.add(StepResult.failed(Step.AUTHENTICATION, endpoint.user(), where + ": login failed: " + msg
                    + " (error " + e.getErrorCode() + ") — " + advice));
            skipRest("authentication failed");
        }

        /** Whether the same login works over TLS (to tell "account requires TLS" from "wrong password"). */
        private boolean worksWithTls() {
            try (Connection ignored = Endpoints.open(endpoint, null, Map.of("sslMode", "REQUIRED"))) {
                return true;
            } catch (SQLException | RuntimeException e) {
                return false;
            }
        }

        private void inspect(Connection c, ServerGreeting greeting) throws SQLException {
            tlsStep(c, greeting);
            String current = single(c, "SELECT CURRENT_USER()");
            steps.add(StepResult.ok(Step.AUTHENTICATION, current));
            privilegesStep(c, current);
            ServerInfo info = ServerInfo.of(c);
            serverStep(info);
            latencyStep(c);
        }

        private void tlsStep(Connection c, ServerGreeting greeting) throws SQLException {
            String version = status(c, "Ssl_version");
            String cipher = status(c, "Ssl_cipher");
            String required = variableOrNull(c, "require_secure_transport");
            String requiredText = "ON".equalsIgnoreCase(required) || "1".equals(required)
                    ? "; server requires TLS" : "";
            TlsMode mode = endpoint.tlsOrDefault();
            if (version != null && !version.isEmpty() && (mode == TlsMode.VERIFY_CA || mode == TlsMode.VERIFY_IDENTITY)) {
                steps.add(StepResult.ok(Step.TLS, version + " " + cipher + ", certificate verified ("
                        + mode.yamlName() + ")" + requiredText));
            } else if (version != null && !version.isEmpty()) {
                steps.add(StepResult.warn(Step.TLS, version + " " + cipher + ", certificate NOT verified"
                        + requiredText, where + ": encrypted, but tls: " + mode.yamlName() + " accepts any "
                        + "certificate, so a man in the middle could read and change the traffic"
                        + (mode == TlsMode.PREFERRED ? " or strip TLS altogether" : "") + "; set " + role
                        + ".tls: verify_identity (or verify_ca) and " + role + ".ca_file to the CA's PEM file"));
            } else if (endpoint.tlsOrDefault() == TlsMode.DISABLED) {
                steps.add(StepResult.warn(Step.TLS, "not used" + requiredText, where + ": data travels unencrypted "
                        + "because the task says tls: disabled" + (greeting.offersTls()
                        ? "; the server offers TLS — set " + role + ".tls: required to encrypt it" : "")));
            } else {
                steps.add(StepResult.warn(Step.TLS, "not used: the server offers no TLS", where + ": data travels "
                        + "unencrypted; configure ssl_cert/ssl_key on the server to encrypt it"));
            }
        }

        private void privilegesStep(Connection c, String current) throws SQLException {
            List<String> grants = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GRANTS")) {
                while (rs.next()) {
                    grants.add(rs.getString(1));
                }
            }
            boolean none = grants.stream().allMatch(g -> g.toUpperCase(Locale.ROOT).startsWith("GRANT USAGE ON *.*")
                    || g.toUpperCase(Locale.ROOT).startsWith("GRANT PROXY"));
            if (none) {
                steps.add(StepResult.failed(Step.PRIVILEGES, "USAGE only", where + ": the account " + current
                        + " has no privileges (SHOW GRANTS shows USAGE only); grant what the task needs, e.g. "
                        + ("source".equals(role)
                        ? "GRANT SELECT, SHOW VIEW, TRIGGER, EVENT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO "
                        : "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES, CREATE VIEW, "
                          + "SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, TRIGGER, EVENT ON <db>.* TO ")
                        + quoteAccount(current) + " — `sluice precheck` lists exactly what is missing"));
            } else {
                steps.add(StepResult.ok(Step.PRIVILEGES, grants.size() + " GRANT statement"
                        + (grants.size() == 1 ? "" : "s")));
            }
        }

        private void serverStep(ServerInfo info) {
            String value = info.describe() + " (" + info.version() + ", " + info.versionComment() + ")";
            boolean tooOld = info.isMariaDb() ? info.compare(10, 3, 0) < 0 : info.compare(5, 7, 0) < 0;
            if (tooOld) {
                steps.add(StepResult.warn(Step.SERVER, value, where + ": " + info.describe() + " is older than "
                        + "Sluice supports (MySQL 5.7+, MariaDB 10.3+); the migration may fail"));
            } else {
                steps.add(StepResult.ok(Step.SERVER, value));
            }
        }

        private void latencyStep(Connection c) throws SQLException {
            double[] ms = new double[LATENCY_SAMPLES];
            try (Statement st = c.createStatement()) {
                for (int i = 0; i < ms.length; i++) {
                    long t0 = System.nanoTime();
                    try (ResultSet rs = st.executeQuery("SELECT 1")) {
                        rs.next();
                    }
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            double median = ms[ms.length / 2];
            String value = String.format(Locale.ROOT, "%.2f ms (median of %d)", median, ms.length);
            if (median > SLOW_ROUND_TRIP_MS) {
                steps.add(StepResult.warn(Step.LATENCY, value, where + ": round trips are slow; run Sluice close to "
                        + "the databases (same region / VPC) — every chunk and binlog batch pays this latency"));
            } else {
                steps.add(StepResult.ok(Step.LATENCY, value));
            }
        }

        private static String quoteAccount(String current) {
            int at = current.lastIndexOf('@');
            return at < 0 ? "'" + current + "'" : "'" + current.substring(0, at) + "'@'" + current.substring(at + 1) + "'";
        }

        private static String single(Connection c, String sql) throws SQLException {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                return rs.next() ? rs.getString(1) : null;
            }
        }

        private static String status(Connection c, String name) throws SQLException {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SHOW SESSION STATUS LIKE '" + name + "'")) {
                return rs.next() ? rs.getString(2) : null;
            }
        }

        private static String variableOrNull(Connection c, String name) throws SQLException {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SHOW GLOBAL VARIABLES LIKE '" + name + "'")) {
                return rs.next() ? rs.getString(2) : null;
            }
        }
    }
}
