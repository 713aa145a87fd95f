package dev.sluice.db;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Works through a list of items on up to N threads, each thread with database sessions of its own (opened once and
 * reused for every item it takes); the first failure stops the other threads from taking more items and is
 * rethrown as it was (SQLException or runtime exception).
 */
public final class ParallelSessions {
    private ParallelSessions() {
    }

    /** Opens one thread's sessions. */
    @FunctionalInterface
    public interface Opener<S extends AutoCloseable> {
        S open() throws SQLException;
    }

    /** Does one item on one thread's sessions. */
    @FunctionalInterface
    public interface Work<S, T> {
        void run(S sessions, T item) throws SQLException;
    }

    public static <S extends AutoCloseable, T> void forEach(List<T> items, int threads, String threadName,
                                                             Opener<S> opener, Work<S, T> work) throws SQLException {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> first = new AtomicReference<>();
        List<Thread> pool = new ArrayList<>();
        for (int t = 0; t < Math.max(1, Math.min(threads, items.size())); t++) {
            Thread th = new Thread(() -> {
                try (S sessions = opener.open()) {
                    for (int i = next.getAndIncrement(); i < items.size() && first.get() == null;
                         i = next.getAndIncrement()) {
                        work.run(sessions, items.get(i));
                    }
                } catch (Exception e) {
                    first.compareAndSet(null, e);
                }
            }, threadName + "-" + t);
            th.setDaemon(true);
            th.start();
            pool.add(th);
        }
        for (Thread th : pool) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + threadName + " threads were working", e);
            }
        }
        Exception e = first.get();
        if (e instanceof SQLException se) {
            throw se;
        }
        if (e instanceof RuntimeException re) {
            throw re;
        }
        if (e != null) {
            throw new IllegalStateException(e.getMessage(), e); // a close() that threw a checked exception
        }
    }
}
