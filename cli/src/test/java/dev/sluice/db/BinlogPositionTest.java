package dev.sluice.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.testing.DbServer;
import dev.sluice.testing.Flavor;
import dev.sluice.testing.SharedServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link BinlogPosition#current} on a real MariaDB 10.11 under concurrent commits. */
class BinlogPositionTest {
    /**
     * MariaDB read the file position and {@code @@gtid_binlog_pos} in two statements: a commit in between gave a GTID
     * set ahead of the position (a hand-off or checkpoint whose two halves disagree). Each position read under
     * writes must carry exactly the GTIDs the server says belong to that point of the binlog.
     */
    @Test
    void mariaDbGtidSetIsTheOneOfTheFilePositionUnderWrites() throws Exception {
        DbServer server = SharedServers.get(Flavor.MARIADB_1011);
        String db = server.createDatabase("binlogpos");
        server.executeIn(db, "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong commits = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            Thread t = new Thread(() -> {
                try (Connection c = server.connect(db); Statement st = c.createStatement()) {
                    while (!stop.get()) {
                        st.executeUpdate("INSERT INTO t (v) VALUES (1)");
                        commits.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            writers.add(t);
        }
        List<String> wrong = new ArrayList<>();
        try (Connection c = server.connect(db)) {
            ServerInfo info = ServerInfo.of(c);
            while (commits.get() < 50) {
                Thread.sleep(10);
            }
            for (int i = 0; i < 300 && wrong.size() < 5; i++) {
                BinlogPosition p = BinlogPosition.current(c, info);
                String exact = gtidPos(c, p.file(), p.position());
                if (!exact.equals(p.gtidSet() == null ? "" : p.gtidSet())) {
                    wrong.add(p.describe() + " but the binlog has " + exact + " there");
                }
            }
        } finally {
            stop.set(true);
            for (Thread t : writers) {
                t.join();
            }
        }
        assertTrue(commits.get() > 100, "the writers committed only " + commits.get() + " rows");
        assertEquals(List.of(), wrong);
    }

    private static String gtidPos(Connection c, String file, long position) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT BINLOG_GTID_POS(?, ?)")) {
            ps.setString(1, file);
            ps.setLong(2, position);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String g = rs.getString(1);
                return g == null ? "" : g.trim();
            }
        }
    }
}
