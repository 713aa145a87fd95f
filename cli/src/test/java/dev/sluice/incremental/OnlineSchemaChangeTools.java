package dev.sluice.incremental;

import dev.sluice.testing.DbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The statement sequences of gh-ost and pt-online-schema-change, as the tools send them (gh-ost
 * {@code go/logic/applier.go}: CreateChangelogTable, CreateGhostTable, AlterGhost, the row copy, the atomic
 * cut-over with its sentry table, LOCK TABLES and the blocked RENAME; pt-online-schema-change 3.x:
 * create_new_table from SHOW CREATE TABLE, ALTER, the three triggers, INSERT LOW_PRIORITY IGNORE nibbles, ANALYZE,
 * swap_tables, DROP TABLE of the old table, DROP TRIGGER), run against a real source while a {@link Writer} writes.
 */
final class OnlineSchemaChangeTools {
    private OnlineSchemaChangeTools() {
    }

    /**
     * gh-ost's migration of {@code db.table} (columns {@code cols}, key {@code id}) with {@code alter}: the writer
     * mirrors its changes into the ghost table the way gh-ost's binlog applier does, and is paused for the
     * cut-over (gh-ost holds LOCK TABLES ... WRITE on the table then).
     */
    static void ghOst(DbServer source, String db, String table, String cols, String alter, Writer writer)
            throws Exception {
        String t = q(db, table);
        String ghost = "_" + table + "_gho";
        String changelog = q(db, "_" + table + "_ghc");
        String old = q(db, "_" + table + "_del");
        try (Connection a = source.connect(db)) {
            exec(a, "drop /* gh-ost */ table if exists " + changelog);
            exec(a, "create /* gh-ost */ table " + changelog + " (\n\t\t\tid bigint unsigned auto_increment,\n"
                    + "\t\t\tlast_update timestamp not null DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,\n"
                    + "\t\t\thint varchar(64) charset ascii not null,\n"
                    + "\t\t\tvalue varchar(4096) charset ascii not null,\n\t\t\tprimary key(id),\n"
                    + "\t\t\tunique key hint_uidx(hint)\n\t\t) auto_increment=256 comment='gh-ost changelog'");
            changelog(a, changelog, "state", "GhostTableMigrated");
            exec(a, "create /* gh-ost */ table " + q(db, ghost) + " like " + t);
            exec(a, "alter /* gh-ost */ table " + q(db, ghost) + " " + alter);
            changelog(a, changelog, "state", "Migrated");
            writer.mirrorInto(ghost);
            long max = longValue(a, "select max(id) from " + t);
            for (long lo = 0; lo < max; lo += 50) {
                exec(a, "insert /* gh-ost " + t + " */ ignore into " + q(db, ghost) + " (" + cols + ") (select "
                        + cols + " from " + t + " force index (`PRIMARY`) where (((`id` > " + lo + ")) and ((`id` < "
                        + (lo + 50) + ") or ((`id` = " + (lo + 50) + ")))) lock in share mode)");
                changelog(a, changelog, "heartbeat", "2026-12-02T14:00:00." + lo + "Z");
                Thread.sleep(40);
            }
            writer.pause(); // from here gh-ost holds the table locked; the backlog is in the ghost table
            writer.mirrorInto(null);
            exec(a, "\n\t\tcreate /* gh-ost */ table " + old + " (\n\t\t\tid int auto_increment primary key\n"
                    + "\t\t) engine=InnoDB comment='ghost-cut-over-sentry'");
            exec(a, "lock /* gh-ost */ tables " + t + " write, " + old + " write");
            AtomicReference<Throwable> renameFailed = new AtomicReference<>();
            Thread rename = new Thread(() -> {
                try (Connection b = source.connect(db)) {
                    exec(b, "set /* gh-ost */ session lock_wait_timeout:=6");
                    exec(b, "rename /* gh-ost */ table " + t + " to " + old + ", " + q(db, ghost) + " to " + t);
                } catch (Throwable e) {
                    renameFailed.set(e);
                }
            }, "gh-ost-rename");
            rename.start();
            long deadline = System.currentTimeMillis() + 5000;
            while (longValue(a, "select count(*) from information_schema.processlist where info like "
                    + "'rename /* gh-ost */%'") == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(40);
            }
            exec(a, "drop /* gh-ost */ table if exists " + old);
            exec(a, "unlock /* gh-ost */ tables");
            rename.join(10_000);
            if (renameFailed.get() != null) {
                throw new AssertionError("gh-ost's cut-over RENAME failed", renameFailed.get());
            }
            writer.resume();
            changelog(a, changelog, "state", "Migrated");
            exec(a, "drop /* gh-ost */ table if exists " + changelog);
            exec(a, "drop /* gh-ost */ table if exists " + old);
        }
    }

    /**
     * pt-online-schema-change's run on {@code db.table} (columns {@code cols}, key {@code id}) with {@code alter}:
     * the writer keeps writing throughout; the tool's triggers keep the new table in step.
     */
    static void ptOsc(DbServer source, String db, String table, List<String> cols, String alter) throws Exception {
        ptOscUntilSwap(source, db, table, cols, alter);
        ptOscSwap(source, db, table);
    }

    /** pt-online-schema-change up to the swap: new table, ALTER, triggers, copy, ANALYZE. */
    static void ptOscUntilSwap(DbServer source, String db, String table, List<String> cols, String alter)
            throws Exception {
        String t = q(db, table);
        String neu = q(db, "_" + table + "_new");
        String prefix = ("pt_osc_" + db + "_" + table).replaceAll("\\W", "_");
        String quotedCols = cols.stream().map(c -> "`" + c + "`").collect(Collectors.joining(", "));
        String newVals = cols.stream().map(c -> "NEW.`" + c + "`").collect(Collectors.joining(", "));
        try (Connection c = source.connect(db)) {
            String ddl;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + t)) {
                rs.next();
                ddl = rs.getString(2);
            }
            exec(c, ddl.replaceFirst("(?m)\\ACREATE TABLE .*?\\($", java.util.regex.Matcher.quoteReplacement(
                    "CREATE TABLE " + neu + " (")));
            exec(c, "ALTER TABLE " + neu + " " + alter);
            exec(c, "CREATE TRIGGER `" + prefix + "_del` AFTER DELETE ON " + t + " FOR EACH ROW DELETE IGNORE FROM "
                    + neu + " WHERE " + neu + ".`id` <=> OLD.`id`");
            exec(c, "CREATE TRIGGER `" + prefix + "_upd` AFTER UPDATE ON " + t + " FOR EACH ROW BEGIN DELETE IGNORE "
                    + "FROM " + neu + " WHERE !(OLD.`id` <=> NEW.`id`) AND " + neu + ".`id` <=> OLD.`id`;REPLACE INTO "
                    + neu + " (" + quotedCols + ") VALUES (" + newVals + ");END ");
            exec(c, "CREATE TRIGGER `" + prefix + "_ins` AFTER INSERT ON " + t + " FOR EACH ROW REPLACE INTO " + neu
                    + " (" + quotedCols + ") VALUES (" + newVals + ")");
            long max = longValue(c, "SELECT MAX(id) FROM " + t);
            for (long lo = 1; lo <= max; lo += 50) {
                exec(c, "INSERT LOW_PRIORITY IGNORE INTO " + neu + " (" + quotedCols + ") SELECT " + quotedCols
                        + " FROM " + t + " FORCE INDEX(`PRIMARY`) WHERE ((`id` >= '" + lo + "')) AND ((`id` <= '"
                        + (lo + 49) + "')) LOCK IN SHARE MODE /*pt-online-schema-change 4242 copy nibble*/");
                Thread.sleep(40);
            }
            exec(c, "ANALYZE TABLE " + neu + " /* pt-online-schema-change */");
        }
    }

    /** pt-online-schema-change's swap and clean-up: RENAME TABLE, DROP TABLE of the old table, DROP TRIGGER. */
    static void ptOscSwap(DbServer source, String db, String table) throws Exception {
        String t = q(db, table);
        String neu = q(db, "_" + table + "_new");
        String prefix = ("pt_osc_" + db + "_" + table).replaceAll("\\W", "_");
        try (Connection c = source.connect(db)) {
            exec(c, "RENAME TABLE " + t + " TO " + q(db, "_" + table + "_old") + ", " + neu + " TO " + t);
            exec(c, "DROP TABLE IF EXISTS " + q(db, "_" + table + "_old"));
            for (String suffix : List.of("del", "upd", "ins")) {
                exec(c, "DROP TRIGGER IF EXISTS " + q(db, prefix + "_" + suffix));
            }
        }
    }

    private static void changelog(Connection c, String changelog, String hint, String value) throws SQLException {
        exec(c, "insert /* gh-ost */ into " + changelog + " (id, hint, value) values (NULLIF(" + ("state".equals(hint)
                ? 2 : 1) + ", 0), '" + hint + "', '" + value + "') on duplicate key update last_update=NOW(), "
                + "value=VALUES(value)");
    }

    static String q(String db, String table) {
        return "`" + db + "`.`" + table + "`";
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static long longValue(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Application writes on {@code db.table (id auto_increment, qty, amount, label[, note])}: inserts, updates and
     * deletes on its own thread until stopped; optionally mirrored into a ghost table (as gh-ost's applier does).
     */
    static final class Writer implements AutoCloseable {
        private final Thread thread;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean running = true;
        private volatile boolean pauseWanted;
        private volatile boolean paused;
        private volatile String ghost;
        private volatile boolean withNote;
        private volatile long statements;

        Writer(DbServer source, String db, String table, long seed) {
            thread = new Thread(() -> {
                java.util.Random r = new java.util.Random(seed);
                try (Connection c = source.connect(db)) {
                    while (running) {
                        if (pauseWanted) {
                            paused = true;
                            Thread.sleep(5);
                            continue;
                        }
                        paused = false;
                        long id = write(c, table, r);
                        String g = ghost;
                        if (g != null && id > 0) {
                            mirror(c, table, g, id);
                        }
                        statements++;
                        Thread.sleep(2);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "osc-writer");
            thread.start();
        }

        private long write(Connection c, String table, java.util.Random r) throws SQLException {
            int op = r.nextInt(10);
            long max = longValue(c, "SELECT COALESCE(MAX(id), 0) FROM `" + table + "`");
            if (op < 4 || max == 0) {
                String label = "w" + r.nextInt(1000);
                exec(c, withNote && r.nextBoolean()
                        ? "INSERT INTO `" + table + "` (qty, amount, label, note) VALUES (" + r.nextInt(100) + ", "
                        + r.nextInt(100000) / 100.0 + ", '" + label + "', 'n" + r.nextInt(100) + "')"
                        : "INSERT INTO `" + table + "` (qty, amount, label) VALUES (" + r.nextInt(100) + ", "
                        + r.nextInt(100000) / 100.0 + ", '" + label + "')");
                return longValue(c, "SELECT LAST_INSERT_ID()");
            }
            long id = 1 + (long) r.nextInt((int) max);
            if (op < 8) {
                exec(c, "UPDATE `" + table + "` SET qty = qty + 1, label = 'u" + r.nextInt(1000) + "'"
                        + (withNote ? ", note = 'm" + r.nextInt(100) + "'" : "") + " WHERE id = " + id);
            } else {
                exec(c, "DELETE FROM `" + table + "` WHERE id = " + id);
            }
            return id;
        }

        private static void mirror(Connection c, String table, String ghost, long id) throws SQLException {
            if (longValue(c, "SELECT COUNT(*) FROM `" + table + "` WHERE id = " + id) == 0) {
                exec(c, "delete /* gh-ost `" + ghost + "` */ from `" + ghost + "` where ((`id` = " + id + "))");
            } else {
                exec(c, "replace /* gh-ost `" + ghost + "` */ into `" + ghost + "` (`id`, `qty`, `amount`, `label`) "
                        + "select `id`, `qty`, `amount`, `label` from `" + table + "` where `id` = " + id);
            }
        }

        void mirrorInto(String ghostTable) {
            ghost = ghostTable;
        }

        /** The table has the new column now: writes set it too. */
        void withNote() {
            withNote = true;
        }

        void pause() throws InterruptedException {
            pauseWanted = true;
            long deadline = System.currentTimeMillis() + 10_000;
            while (!paused && thread.isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            check();
        }

        void resume() {
            pauseWanted = false;
        }

        long statements() {
            return statements;
        }

        void check() {
            if (failure.get() != null) {
                throw new AssertionError("the application writer failed", failure.get());
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
            check();
        }
    }
}
