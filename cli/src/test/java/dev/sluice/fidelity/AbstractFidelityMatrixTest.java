package dev.sluice.fidelity;

import static org.junit.jupiter.api.Assertions.fail;

import dev.sluice.db.Sql;
import dev.sluice.fidelity.MatrixExpectations.Finding;
import dev.sluice.fidelity.MatrixLayout.Cell;
import dev.sluice.fidelity.MatrixLayout.KeyKind;
import dev.sluice.fidelity.MatrixLayout.Path;
import dev.sluice.fidelity.TypeCatalog.Family;
import dev.sluice.fidelity.ValueReader.Table;
import dev.sluice.incremental.SliceResult;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.TestNames;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The fidelity matrix of one server pair: every type family of {@link TypeCatalog} in a primary-key, a
 * unique-key-only and a keyless table, each value taking every {@link Path} (full copy, replayed insert, binlog
 * insert, update to and from it, delete, key change) through the real engine (schema, plan, copy workers, finish,
 * replication), the destination server in another default time zone than the source. Source and destination are
 * then read value by value ({@link ValueReader}) and every cell is held to its expected outcome
 * ({@link MatrixExpectations}: equal, or a documented limit); every cell not as expected is reported in one failure
 * message, and every differing cell in {@code target/fidelity/<pair>.txt}.
 */
@Tag("fidelity")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractFidelityMatrixTest {
    private final Flavor sourceFlavor;
    private final Flavor destinationFlavor;
    private DbServer source;
    private DbServer destination;
    private FidelityState state;
    private java.nio.file.Path tmp;
    /** Written once: families run in parallel, and a rewrite while another task reads it gives an empty password. */
    private java.nio.file.Path password;

    AbstractFidelityMatrixTest(Flavor sourceFlavor, Flavor destinationFlavor) {
        this.sourceFlavor = sourceFlavor;
        this.destinationFlavor = destinationFlavor;
    }

    String pair() {
        return sourceFlavor + "->" + destinationFlavor;
    }

    @BeforeAll
    void start() throws Exception {
        source = FidelityServers.source(sourceFlavor);
        destination = FidelityServers.destination(destinationFlavor);
        tmp = Files.createTempDirectory("sluice-fidelity");
        password = Pipeline.passwordFile(tmp);
        state = FidelityState.start(null);
    }

    @AfterAll
    void close() throws Exception {
        if (state != null) {
            state.close();
        }
        try (var files = Files.walk(tmp)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void everyCellHasItsExpectedOutcome() throws Exception {
        long t0 = System.nanoTime();
        List<Callable<List<Finding>>> jobs = new ArrayList<>();
        // -Dsluice.fidelity.families=t_json,t_jsontime runs only these families (the report covers only them)
        List<String> only = List.of(System.getProperty("sluice.fidelity.families", "").split(",")).stream()
                .map(String::trim).filter(x -> !x.isEmpty()).toList();
        List<Family> families = TypeCatalog.families(sourceFlavor).stream()
                .filter(f -> only.isEmpty() || only.contains(f.name())).toList();
        for (Family f : families) {
            // the unique-key-only table in a task of its own: a replication stop there must not hide the others
            jobs.add(() -> runFamily(f, List.of(KeyKind.PRIMARY, KeyKind.NONE)));
            jobs.add(() -> runFamily(f, List.of(KeyKind.UNIQUE)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Integer.getInteger("sluice.fidelity.parallel", 2));
        List<Finding> findings = new ArrayList<>();
        try {
            for (Future<List<Finding>> job : pool.invokeAll(jobs)) {
                findings.addAll(job.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> mismatches = MatrixExpectations.check(pair(), families, List.of(KeyKind.values()), findings);
        String summary = String.format("%s: %d differences, %d not as expected; %d ms%s", pair(), findings.size(),
                mismatches.size(), (System.nanoTime() - t0) / 1_000_000,
                only.isEmpty() ? "" : " (families " + only + ")");
        java.nio.file.Path out = java.nio.file.Path.of("target", "fidelity", pair().replace("->", "_to_") + ".txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, summary + "\n" + String.join("\n", mismatches) + "\n\nall differences:\n"
                + String.join("\n", findings.stream().map(Finding::line).toList()) + "\n");
        System.err.println("[fidelity] " + summary + " (report: " + out.toAbsolutePath() + ")");
        if (!mismatches.isEmpty()) {
            fail(summary + "\n" + String.join("\n", mismatches));
        }
    }

    /**
     * One family in its own database and task (a failing copy of one family does not hide the others): the rows
     * of every path, the engine run, the comparison. Returns the differences, engine failures included.
     */
    private List<Finding> runFamily(Family f, List<KeyKind> keys) throws Exception {
        long t0 = System.nanoTime();
        String db = TestNames.unique("fid_" + f.name().substring(2) + keys.get(0).suffix);
        source.execute("CREATE DATABASE " + Sql.id(db));
        List<String> setup = new ArrayList<>();
        for (KeyKind k : keys) {
            setup.add(MatrixLayout.createTable(f, k));
        }
        runOnSource(db, setup);
        runOnSource(db, statements(f, keys, Path.FULL, Path.UPDATE, Path.UPDATE_FROM, Path.DELETE, Path.KEY_CHANGE));
        String taskId = state.tasks.create(Pipeline.spec("fidelity", source, destination,
                password, db, 2, 300)).id();
        List<Finding> out = new ArrayList<>();
        List<String> tables = keys.stream().map(k -> MatrixLayout.table(f, k)).toList();
        try {
            Pipeline.runToIncremental(state, taskId, 2, () -> runOnSource(db, statements(f, keys, Path.REPLAY)));
        } catch (Exception e) {
            out.add(Finding.failure(tables, pair() + " | " + tables + " | schema/full copy FAILED: " + describe(e)));
            return out;
        }
        long t1 = System.nanoTime();
        Pipeline.Replication replication = new Pipeline.Replication(state, taskId);
        try {
            // the binlog paths start once replication runs (its replay horizon is set): changes before that are
            // the REPLAY path's
            replication.awaitCaughtUp(source, Duration.ofSeconds(120));
        } catch (AssertionError e) {
            out.add(Finding.failure(tables, pair() + " | " + tables + " | replication FAILED on the replay: "
                    + describe(e)));
        }
        runOnSource(db, statements(f, keys, Path.INSERT));
        List<String> changes = new ArrayList<>();
        for (Path p : List.of(Path.UPDATE, Path.UPDATE_FROM, Path.DELETE, Path.KEY_CHANGE)) {
            for (KeyKind k : keys) {
                changes.addAll(MatrixLayout.changes(f, k, p));
            }
        }
        runOnSource(db, changes);
        try {
            replication.awaitCaughtUp(source, Duration.ofSeconds(120));
        } catch (AssertionError e) {
            out.add(Finding.failure(tables, pair() + " | " + tables + " | replication FAILED: " + describe(e)));
        }
        try {
            SliceResult r = replication.stop(state, taskId);
            if (r == null || !r.stopped()) {
                out.add(Finding.failure(tables, pair() + " | " + tables + " | the slice did not end on the stop flag: "
                        + r));
            }
        } catch (AssertionError e) {
            if (out.isEmpty()) {
                out.add(Finding.failure(tables, pair() + " | " + tables + " | replication FAILED: " + describe(e)));
            }
        }
        long t2 = System.nanoTime();
        out.addAll(compare(db, f, keys));
        System.err.printf("[fidelity] %s %s: copy %d ms, replication %d ms, compare %d ms, %d differences%n", pair(),
                MatrixLayout.table(f, keys.get(0)), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000,
                out.size());
        return out;
    }

    /** The messages of {@code t} and its causes, and where the innermost cause was thrown. */
    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
        Throwable last = t;
        for (Throwable c = t.getCause(); c != null && c != last; c = c.getCause()) {
            sb.append(" <- ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
            last = c;
        }
        StackTraceElement[] st = last.getStackTrace();
        for (int i = 0; i < Math.min(4, st.length); i++) {
            sb.append(i == 0 ? " at " : " < ").append(st[i]);
        }
        return sb.toString();
    }

    private static List<String> statements(Family f, List<KeyKind> keys, Path... paths) {
        List<String> out = new ArrayList<>();
        for (Path p : paths) {
            for (KeyKind k : keys) {
                out.addAll(MatrixLayout.inserts(f, k, p));
            }
        }
        return out;
    }

    /** Runs statements on the source, 200 to a transaction, in UTC and with zero dates allowed. */
    private void runOnSource(String db, List<String> statements) {
        List<String> refused = new ArrayList<>();
        try (Connection c = source.connect(db); Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES'");
            c.setAutoCommit(false);
            int n = 0;
            for (String s : statements) {
                try {
                    st.execute(s);
                } catch (SQLException e) {
                    refused.add(TableDiff.abbreviate(s) + ": " + e.getMessage());
                }
                if (++n % 200 == 0) {
                    c.commit();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (!refused.isEmpty()) {
            throw new IllegalStateException("the source refused matrix statements (fix TypeCatalog):\n"
                    + String.join("\n", refused));
        }
    }

    /** One line per differing cell: pair, path, key kind, column type, value, what each side holds. */
    private List<Finding> compare(String db, Family f, List<KeyKind> keys) throws Exception {
        List<Finding> out = new ArrayList<>();
        try (Connection a = ValueReader.connect(source); Connection b = ValueReader.connect(destination)) {
            {
                for (KeyKind k : keys) {
                    String t = MatrixLayout.table(f, k);
                    Table ta = ValueReader.read(a, db, t);
                    Table tb = ValueReader.read(b, db, t);
                    if (tb.columns().isEmpty()) {
                        out.add(Finding.failure(List.of(t), pair() + " | " + t + " | table missing on the destination"));
                        continue;
                    }
                    TableDiff.columns(ta, tb).forEach(d -> out.add(Finding.failure(List.of(t), pair() + " | " + t
                            + " | " + d)));
                    for (TableDiff.IdDiff d : TableDiff.byId(ta, tb, "id")) {
                        Cell cell = MatrixLayout.locate(f, k, d.id());
                        if (cell == null) {
                            out.add(Finding.failure(List.of(t), pair() + " | " + t + " | unexpected id " + d.id()
                                    + " | " + d.columns()));
                            continue;
                        }
                        out.add(Finding.cell(t, cell, String.format("%s | %-46s | %-26s | %-32s | %s | %s: %s", pair(), cell.path().label,
                                k.label, cell.column().type().length() > 32 ? cell.column().name()
                                        : cell.column().type(), cell.valueLiteral(), d.columns(),
                                d.show(ta, cell.column().name()))));
                    }
                }
            }
        }
        return out;
    }
}
