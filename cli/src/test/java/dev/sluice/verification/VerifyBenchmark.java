package dev.sluice.verification;

import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.ServerOptions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark runner for bench/verify.sh (until the CLI runs verification): starts two MySQL 8.0 servers, prepares
 * sysbench data on the first and gives the second the same tables (transportable tablespaces), then times CHECKSUM TABLE of all tables on
 * both servers at once against a Sluice verification of the same tables, and against the same verification with
 * the per-row fold it used before ADR 0054, in every pass after a warm-up pass.
 * Arguments: tables, rows per table, verification threads, rows per chunk, passes (3).
 */
public final class VerifyBenchmark {
    private VerifyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tables = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 250_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        long chunkRows = args.length > 3 ? Long.parseLong(args[3]) : 20_000;
        int passes = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        ServerOptions opts = ServerOptions.of("innodb-buffer-pool-size", "1G");
        try (DbServer a = DbServer.start(Flavor.MYSQL_80, opts); DbServer b = DbServer.start(Flavor.MYSQL_80, opts)) {
            long t0 = System.nanoTime();
            prepare(a, tables, rows);
            copyTablespaces(a, b, tables);
            System.out.printf("prepared %d x %,d rows on both servers in %.0f s (%s)%n", tables, rows,
                    secs(t0), a.version());
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= tables; i++) {
                names.add("sbtest.sbtest" + i);
            }
            String checksumSql = "CHECKSUM TABLE " + String.join(", ", names);
            var spec = VerifyFixtures.task(a, "sbtest", b, "sbtest");
            VerifyOptions vo = VerifyOptions.DEFAULTS.withThreads(threads).withChunkRows(chunkRows);
            checksumBoth(a, b, checksumSql); // warm-up: both buffer pools hold the data now
            // A/B in the same run, one after the other in every pass: the chunk's rows folded per row (each row's
            // MD5, BIT_XOR), as before ADR 0054, against the MD5 of the chunk's text in key order (the default)
            double[] checksum = new double[passes];
            double[] rowFold = new double[passes];
            double[] verify = new double[passes];
            for (int run = 0; run < passes; run++) {
                long c0 = System.nanoTime();
                checksumBoth(a, b, checksumSql);
                checksum[run] = secs(c0);
                VerifyReport oldReport = null;
                VerifyReport report = null;
                for (int order = 0; order < 2; order++) { // which goes first alternates between passes
                    if ((order + run) % 2 == 0) {
                        long r0 = System.nanoTime();
                        Verifier old = new Verifier(spec, vo, BinlogCheckpoint.NONE);
                        oldReport = old.verify(old.targets().stream().map(VerifyBenchmark::rowFold).toList());
                        rowFold[run] = secs(r0);
                    } else {
                        long v0 = System.nanoTime();
                        report = new Verifier(spec, vo, BinlogCheckpoint.NONE).verify();
                        verify[run] = secs(v0);
                    }
                }
                if (!report.equal() || !oldReport.equal()) {
                    throw new IllegalStateException("the two prepared data sets differ:\n" + report.toTable());
                }
                System.out.printf("run %d: CHECKSUM TABLE on both servers at once %.2f s, sluice verify %.2f s "
                        + "(per-row fold %.2f s; %,d rows, %d chunks)%n", run + 1, checksum[run], verify[run],
                        rowFold[run], report.tables().stream().mapToLong(TableReport::sourceRows).sum(),
                        report.tables().stream().mapToInt(TableReport::chunks).sum());
            }
            double bestChecksum = java.util.Arrays.stream(checksum).min().orElseThrow();
            double bestVerify = java.util.Arrays.stream(verify).min().orElseThrow();
            double bestRowFold = java.util.Arrays.stream(rowFold).min().orElseThrow();
            System.out.printf("RESULT tables=%d rows=%d threads=%d chunkRows=%d checksum_s=%.2f verify_s=%.2f "
                    + "ratio=%.2f rowfold_s=%.2f rowfold_ratio=%.2f%n", tables, rows, threads, chunkRows, bestChecksum,
                    bestVerify, bestVerify / bestChecksum, bestRowFold, bestRowFold / bestChecksum);
        }
    }

    /** The table as verification compared it before ADR 0054: per-row MD5s folded with BIT_XOR. */
    private static TableTarget rowFold(TableTarget t) {
        return new TableTarget(t.model(), t.identity(), t.sourceDb(), t.sourceTable(), t.destDb(), t.destTable(),
                t.columns(), t.key(), t.jsonMode(), t.partialColumns(), t.binaryXorFold(), false, t.rowFilter());
    }

    private static void prepare(DbServer s, int tables, int rows) {
        s.execute("CREATE DATABASE sbtest");
        List<String> cmd = List.of("sysbench", "oltp_read_only", "--db-driver=mysql", "--mysql-host=" + s.host(),
                "--mysql-port=" + s.port(), "--mysql-user=" + s.rootUser(), "--mysql-password=" + s.rootPassword(),
                "--mysql-db=sbtest", "--tables=" + tables, "--table-size=" + rows, "--threads=1",
                "--rand-seed=20261125", "prepare");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("sysbench prepare failed on " + s);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot run sysbench: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Copies the sbtest tables' .ibd files from a to b (FLUSH TABLES ... FOR EXPORT / IMPORT TABLESPACE). */
    private static void copyTablespaces(DbServer a, DbServer b, int tables) throws Exception {
        b.execute("CREATE DATABASE sbtest");
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= tables; i++) {
            names.add("sbtest" + i);
            String ddl = a.query("SHOW CREATE TABLE sbtest.sbtest" + i).get(0).get("Create Table").toString();
            b.executeIn("sbtest", ddl, "ALTER TABLE sbtest" + i + " DISCARD TABLESPACE");
        }
        try (Connection c = a.connect("sbtest"); Statement st = c.createStatement()) {
            st.execute("FLUSH TABLES " + String.join(", ", names) + " FOR EXPORT");
            for (String n : names) {
                for (String ext : List.of(".ibd", ".cfg")) {
                    java.nio.file.Files.copy(a.dataDir().resolve("sbtest").resolve(n + ext),
                            b.dataDir().resolve("sbtest").resolve(n + ext),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            st.execute("UNLOCK TABLES");
        }
        for (String n : names) {
            b.executeIn("sbtest", "ALTER TABLE " + n + " IMPORT TABLESPACE");
        }
    }

    private static void checksumBoth(DbServer a, DbServer b, String sql) {
        CompletableFuture<Void> fa = CompletableFuture.runAsync(() -> run(a, sql));
        CompletableFuture<Void> fb = CompletableFuture.runAsync(() -> run(b, sql));
        fa.join();
        fb.join();
    }

    private static void run(DbServer s, String sql) {
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            st.executeQuery(sql).close();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql + " failed on " + s + ": " + e.getMessage(), e);
        }
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
