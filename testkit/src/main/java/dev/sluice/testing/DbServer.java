package dev.sluice.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real mysqld/mariadbd process started by the harness on a free loopback port, with its own copy of the
 * flavor's template data directory, plus JDBC helpers for tests. Root is {@code root}/{@link #ROOT_PASSWORD}
 * (mysql_native_password) from 127.0.0.1.
 */
public final class DbServer implements AutoCloseable {
    /** Password of {@code 'root'@'%'} on every harness server. */
    public static final String ROOT_PASSWORD = "sluice-root";
    private static final String HOST = "127.0.0.1";
    private static final int START_ATTEMPTS = 5;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Flavor flavor;
    private final ServerBinaries binaries;
    private final Path dir;
    private final Path dataDir;
    private final int serverId;
    private ServerOptions options;
    private int port;
    private Process process;
    private boolean frozen;
    private String version;
    private long lastStartMillis;

    private DbServer(Flavor flavor, ServerOptions options, ServerBinaries binaries, Path dir) {
        this.flavor = flavor;
        this.options = options;
        this.binaries = binaries;
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        // unique among servers of this JVM and, very likely, among concurrent JVMs
        this.serverId = (int) ((ProcessHandle.current().pid() % 100_000) * 100 + SEQUENCE.incrementAndGet() % 100) + 1;
    }

    /**
     * Starts a new server of the flavor with the harness defaults plus {@code options}; the caller owns it and
     * must {@link #close()} it (prefer {@link DbServerExtension#start} or {@link SharedServers}, which do that).
     */
    public static DbServer start(Flavor flavor, ServerOptions options) {
        ServerBinaries binaries = ServerBinaries.of(flavor);
        Path template = DataDirTemplate.of(binaries, options);
        Path dir = ServerRegistry.newServerDir(flavor);
        DbServer server = new DbServer(flavor, options, binaries, dir);
        ServerRegistry.register(server);
        try {
            long t0 = System.nanoTime();
            HarnessFiles.copyTree(template, server.dataDir);
            // every server needs its own server_uuid (GTIDs, replication); MySQL writes a new auto.cnf when missing
            Files.deleteIfExists(server.dataDir.resolve("auto.cnf"));
            Files.createDirectories(dir.resolve("tmp"));
            long copied = System.nanoTime();
            server.launch(true);
            System.err.printf("[sluice-test] started %s on port %d: copy %d ms, start %d ms%n", flavor, server.port,
                    TimeUnit.NANOSECONDS.toMillis(copied - t0), server.lastStartMillis);
            return server;
        } catch (IOException | RuntimeException e) {
            server.killAndDelete();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("Cannot start " + flavor + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- lifecycle

    private synchronized void launch(boolean newPort) {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            if (newPort || port == 0) {
                port = freePort();
            }
            try {
                long t0 = System.nanoTime();
                startProcessAndWait();
                lastStartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                if (version == null) {
                    version = queryValue("SELECT VERSION()");
                }
                return;
            } catch (PortTakenException e) {
                last = e;
                newPort = true; // another process grabbed the port between probing and binding: take another one
                sleep(100L * attempt);
            }
        }
        throw last;
    }

    private void startProcessAndWait() {
        List<String> cmd = commandLine();
        Path errorLog = errorLog();
        long logOffset = size(errorLog);
        try {
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + binaries.serverProgram() + ": " + e.getMessage(), e);
        }
        ServerRegistry.recordServerPid(dir, process.pid());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(startTimeoutSeconds());
        SQLException lastError = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String tail = tailSince(errorLog, logOffset);
                if (tail.contains("Address already in use") || tail.contains("Do you already have another")) {
                    throw new PortTakenException(flavor + " could not bind port " + port + ":\n" + tail);
                }
                throw new IllegalStateException(flavor + " server exited with code " + process.exitValue()
                        + " while starting; " + errorLog + " ends with:\n" + tail + "\n" + "command: " + String.join(" ", cmd));
            }
            try (Connection ignored = DriverManager.getConnection(jdbcUrl("") + "&connectTimeout=2000", rootUser(), ROOT_PASSWORD)) {
                return;
            } catch (SQLException e) {
                if (e.getErrorCode() == 1045) { // the server is up but refuses root: the template is broken
                    process.destroyForcibly();
                    throw new IllegalStateException(flavor + " refuses the harness root account (" + e.getMessage()
                            + "); delete the cached template data directory under " + HarnessFiles.cacheRoot()
                            + " and rerun", e);
                }
                lastError = e;
                sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(flavor + " did not accept connections on port " + port + " within "
                + startTimeoutSeconds() + " s (last error: " + (lastError == null ? "none" : lastError.getMessage())
                + "); " + errorLog + " ends with:\n" + tailSince(errorLog, logOffset));
    }

    private List<String> commandLine() {
        List<String> cmd = new ArrayList<>();
        cmd.add(binaries.serverProgram().toString());
        cmd.add("--no-defaults");
        cmd.add("--basedir=" + binaries.baseDir());
        cmd.add("--datadir=" + dataDir);
        cmd.add("--tmpdir=" + dir.resolve("tmp"));
        cmd.add("--port=" + port);
        cmd.add("--bind-address=" + HOST);
        cmd.add("--socket=" + socket());
        cmd.add("--pid-file=" + dir.resolve("mysqld.pid"));
        cmd.add("--log-error=" + errorLog());
        cmd.add("--user=root");
        cmd.addAll(DataDirTemplate.redoLogOptions(flavor));
        Map<String, String> effective = new LinkedHashMap<>(defaultOptions());
        effective.putAll(options.asMap());
        effective.forEach((name, value) -> {
            if (value != null) {
                cmd.add(value.isEmpty() ? "--" + name : "--" + name + "=" + value);
            }
        });
        return cmd;
    }

    /** The harness defaults for this flavor (names normalized with '-'), before per-server options are applied. */
    Map<String, String> defaultOptions() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("server-id", Integer.toString(serverId));
        o.put("log-bin", "binlog");
        o.put("binlog-format", "ROW");
        o.put("binlog-row-image", "FULL");
        o.put("log-slave-updates", "ON");
        if (flavor.isMySql()) {
            o.put("gtid-mode", "ON");
            o.put("enforce-gtid-consistency", "ON");
        }
        if (flavor.isMySql8()) {
            o.put("binlog-row-metadata", "FULL");
            o.put("mysqlx", "OFF");
        }
        o.put("local-infile", "1");
        o.put("max-connections", "200");
        o.put("innodb-buffer-pool-size", "64M");
        o.put("skip-name-resolve", "");
        o.put("performance-schema", "OFF");
        // durability against a killed process is kept (the OS still has the data); only an OS crash could lose it
        o.put("innodb-flush-log-at-trx-commit", "2");
        o.put("sync-binlog", "0");
        o.put("max-allowed-packet", "64M");
        return o;
    }

    /** Stops the server cleanly (SIGTERM, wait up to 2 minutes, then SIGKILL); the data directory stays for {@link #restart()}. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        thaw();
        process.destroy();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                System.err.println("[sluice-test] " + this + " did not shut down within 120 s; killing it");
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Kills the server like a crash (SIGKILL), for crash/resume tests; {@link #restart()} then runs crash recovery. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        frozen = false;   // SIGKILL ends a stopped process too
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * Freezes the server (SIGSTOP): its sockets stay open and accept connections, nothing answers — a hung host.
     * {@link #thaw()} resumes it; stopping or killing a frozen server thaws it first.
     */
    public synchronized void freeze() {
        signal("STOP");
        frozen = true;
    }

    /** Resumes a server frozen by {@link #freeze()} (SIGCONT). */
    public synchronized void thaw() {
        if (frozen) {
            signal("CONT");
            frozen = false;
        }
    }

    private void signal(String name) {
        if (process == null) {
            throw new IllegalStateException(this + " is not running");
        }
        try {
            Process p = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server if running and starts it again on the same port, data directory and options. */
    public synchronized void restart() {
        stop();
        launch(false);
    }

    /** Stops the server if running and starts it again on the same port and data with new per-server options. */
    public synchronized void restart(ServerOptions newOptions) {
        stop();
        this.options = newOptions;
        launch(false);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Operating-system pid of the server process, or -1 when stopped. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Stops the server and deletes its directory (unless {@code -Dsluice.test.keepServerDirs=true}). */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            ServerRegistry.unregister(this);
            deleteDir();
        }
    }

    /** Shutdown-hook path: kill at once and delete. */
    void killAndDelete() {
        try {
            kill();
        } finally {
            ServerRegistry.unregister(this);
            deleteDir();
        }
    }

    private void deleteDir() {
        if (!Boolean.getBoolean("sluice.test.keepServerDirs")) {
            HarnessFiles.deleteRecursively(dir);
        }
    }

    // ---------------------------------------------------------------- identity

    public Flavor flavor() {
        return flavor;
    }

    /** {@code SELECT VERSION()} of the server, e.g. {@code 8.0.31} or {@code 10.11.19-MariaDB-0+deb12u1}. */
    public String version() {
        return version;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public int serverId() {
        return serverId;
    }

    public String rootUser() {
        return "root";
    }

    public String rootPassword() {
        return ROOT_PASSWORD;
    }

    /** Per-server options this server was (re)started with, on top of the harness defaults. */
    public ServerOptions options() {
        return options;
    }

    /** Directory of this server (data/, tmp/, error.log, mysqld.sock ...), removed by {@link #close()}. */
    public Path dir() {
        return dir;
    }

    /**
     * A PEM file with the server's RSA public key for caching_sha2_password (MySQL 8.0), so a client can log in
     * without TLS and without asking the server for its key ({@code server_rsa_public_key_file}); null where the
     * server has none (5.7, MariaDB: their accounts use mysql_native_password).
     */
    public synchronized String rsaPublicKeyFile() {
        if (flavor != Flavor.MYSQL_80) {
            return null;
        }
        Path f = dir.resolve("rsa_public_key.pem");
        if (!java.nio.file.Files.exists(f)) {
            String pem = (String) query("SHOW GLOBAL STATUS LIKE 'Caching_sha2_password_rsa_public_key'").get(0).get("Value");
            try {
                java.nio.file.Files.writeString(f, pem);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return f.toString();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path errorLog() {
        return dir.resolve("error.log");
    }

    public Path socket() {
        return dir.resolve("mysqld.sock");
    }

    // ---------------------------------------------------------------- JDBC helpers

    /** JDBC URL without a default database. */
    public String jdbcUrl() {
        return jdbcUrl("");
    }

    /** JDBC URL for mysql-connector-j with {@code database} as default schema ("" for none); no TLS. */
    public String jdbcUrl(String database) {
        return jdbcUrl(port, database);
    }

    /** JDBC URL of a harness server on {@code port} (loopback, no TLS). */
    static String jdbcUrl(int port, String database) {
        return "jdbc:mysql://" + HOST + ":" + port + "/" + (database == null ? "" : database)
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true";
    }

    /** A new root connection without default database; the caller closes it. */
    public Connection connect() throws SQLException {
        return connect("");
    }

    /** A new root connection with {@code database} as default schema; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), rootUser(), ROOT_PASSWORD);
    }

    /** A new connection as another user; the caller closes it. */
    public Connection connect(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /** Runs statements as root, in order, without default database (autocommit). */
    public void execute(String... statements) {
        executeIn("", statements);
    }

    /** Runs statements as root, in order, with {@code database} as default schema (autocommit). */
    public void executeIn(String database, String... statements) {
        String current = null;
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                current = sql;
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + this + ": " + current + ": " + e.getMessage(), e);
        }
    }

    /** Rows of a root query, each a map column label to value in column order. */
    public List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed on " + this + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    /** First column of the first row as a string (null if no row or SQL NULL). */
    public String queryValue(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed on " + this + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    /** First column of the first row as a long; fails if there is no row or it is NULL. */
    public long queryLong(String sql, Object... params) {
        String value = queryValue(sql, params);
        if (value == null) {
            throw new IllegalStateException("Query returned no value on " + this + ": " + sql);
        }
        return Long.parseLong(value);
    }

    /** Value of a global system variable (SHOW GLOBAL VARIABLES), or null if the server has no such variable. */
    public String variable(String name) {
        List<Map<String, Object>> rows = query("SHOW GLOBAL VARIABLES WHERE Variable_name = ?", name);
        return rows.isEmpty() ? null : String.valueOf(rows.get(0).get("Value"));
    }

    /** Creates an empty database with a unique name starting with {@code prefix} and returns the name. */
    public String createDatabase(String prefix) {
        String name = TestNames.unique(prefix);
        execute("CREATE DATABASE `" + name + "`");
        return name;
    }

    /**
     * Creates {@code 'name'@'%'} with the password and the server's default authentication plugin and grants
     * each privilege clause, e.g. {@code createUser("mig", "pw", "SELECT, RELOAD ON *.*", "ALL ON app.*")}.
     */
    public DbUser createUser(String name, String password, String... grants) {
        String account = "'" + name.replace("'", "''") + "'@'%'";
        List<String> statements = new ArrayList<>();
        statements.add("CREATE USER " + account + " IDENTIFIED BY '" + password.replace("'", "''") + "'");
        for (String grant : grants) {
            statements.add("GRANT " + grant + " TO " + account);
        }
        execute(statements.toArray(String[]::new));
        return new DbUser(name, password);
    }

    /**
     * Runs a SQL script file (UTF-8) as root over JDBC, with {@code database} as default schema (null or "" for
     * none): statement by statement in one session, DELIMITER, routines and triggers handled like a DBA's
     * {@code mysql < file.sql}, stopping at the first error (no command-line client needed).
     */
    public void loadSql(Path file, String database) {
        SqlClient.load(this, file, database);
    }

    /** Like {@link #loadSql} for a script text; {@code origin} names it in errors. */
    public void runScript(String script, String database, String origin) {
        SqlClient.run(this, script, database, origin, row -> { });
    }

    // ---------------------------------------------------------------- internals

    private static int startTimeoutSeconds() {
        return Integer.getInteger("sluice.test.startTimeoutSeconds", 180);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot find a free loopback port: " + e.getMessage(), e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Tail (last 40 lines) of what the server wrote to the error log since {@code offset}. */
    private static String tailSince(Path log, long offset) {
        try {
            if (!Files.exists(log)) {
                return "(" + log + " does not exist)";
            }
            byte[] all = Files.readAllBytes(log);
            String text = new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                    StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\n");
            int from = Math.max(0, lines.length - 40);
            return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a test server", e);
        }
    }

    @Override
    public String toString() {
        return flavor + "@" + HOST + ":" + port + (options.isEmpty() ? "" : " " + options);
    }

    /** The chosen port was taken by someone else before mysqld could bind it. */
    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
