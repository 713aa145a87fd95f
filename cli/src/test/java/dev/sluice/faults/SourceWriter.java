package dev.sluice.faults;

import dev.sluice.testing.DbServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Inserts, updates and deletes on the source until stopped; a failed statement (server down) is retried. */
final class SourceWriter {
    final AtomicLong committed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    private final DbServer server;
    private final String db;
    private final AtomicBoolean stop = new AtomicBoolean();
    private Thread thread;

    SourceWriter(DbServer server, String db) {
        this.server = server;
        this.db = db;
    }

    synchronized void start() {
        thread = new Thread(this::run, "source-writer");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void stop() throws InterruptedException {
        stop.set(true);
        if (thread != null) {
            thread.join(60_000);
        }
    }

    private void run() {
        Random rnd = new Random(7);
        while (!stop.get()) {
            try (Connection c = server.connect(db)) {
                c.setAutoCommit(false);
                while (!stop.get()) {
                    try (PreparedStatement ins = c.prepareStatement(
                            "INSERT INTO fault_events (n, note) VALUES (?, ?)");
                         PreparedStatement upd = c.prepareStatement(
                                 "UPDATE film SET rental_rate = rental_rate + 0.01 WHERE film_id = ?");
                         PreparedStatement del = c.prepareStatement(
                                 "DELETE FROM fault_events WHERE n = ? LIMIT 1")) {
                        ins.setInt(1, rnd.nextInt(1000));
                        ins.setString(2, "w" + committed.get());
                        ins.executeUpdate();
                        upd.setInt(1, 1 + rnd.nextInt(1000));
                        upd.executeUpdate();
                        if (rnd.nextInt(4) == 0) {
                            del.setInt(1, rnd.nextInt(1000));
                            del.executeUpdate();
                        }
                        c.commit();
                        committed.incrementAndGet();
                    }
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failed.incrementAndGet();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }
}
