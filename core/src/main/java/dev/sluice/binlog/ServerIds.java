package dev.sluice.binlog;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Derives the server_id a task's binlog reader presents to the source. Two readers (or a reader and a real
 * replica) with the same server_id make the source drop one of them, so the id is spread over a range that real
 * replicas rarely use.
 */
public final class ServerIds {
    private static final long BASE = 1_000_000_000L;
    private static final long SPAN = 1_000_000_000L;

    private ServerIds() {
    }

    /** A stable id in [1e9, 2e9) from the task id; give {@code options.incremental.server_id} to choose one. */
    public static long forTask(String taskId) {
        CRC32 crc = new CRC32();
        crc.update(taskId.getBytes(StandardCharsets.UTF_8));
        return BASE + crc.getValue() % SPAN;
    }

    /**
     * The id of the short binlog scans that look up a start time for a task whose reader uses {@code readerId}: in
     * the same range, stable, and never equal to the reader's, so a scan never disconnects a running reader.
     */
    public static long forTimeLookup(long readerId) {
        CRC32 crc = new CRC32();
        crc.update(("time-lookup#" + readerId).getBytes(StandardCharsets.UTF_8));
        long id = BASE + crc.getValue() % SPAN;
        return id == readerId ? BASE + (id - BASE + 1) % SPAN : id;
    }
}
