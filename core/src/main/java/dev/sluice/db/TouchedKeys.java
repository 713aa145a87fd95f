package dev.sluice.db;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys replication changed since the last equal full verification (ADR 0053), on the destination:
 * {@code sluice_meta.touched} holds one row per task, destination table and key, with the verification epoch it was
 * applied in; {@code sluice_meta.verify_epoch} holds the task's current epoch and the last epoch an equal full
 * verification covered. The apply workers {@link #record} their keys in the same transaction as the rows and their
 * checkpoint (a crash cannot lose a touched key); a full verification {@link #beginFull bumps} the epoch before its
 * first chunk and, when everything was equal, {@link #markVerified marks} the epochs before it verified and drops
 * their keys; cutover reads what was touched since ({@link #since}). Bounded: past {@code maxKeysPerTable} keys of a
 * table in one epoch a worker records the key ranges of {@value #RANGE_ROWS} key values its further keys fall in
 * (a single integer key; cutover checksums those ranges), and past as many ranges, or for any other key, a
 * whole-table marker (the table is then compared whole); a DDL records a task-wide marker ({@link #ALL_TABLES}).
 */
public final class TouchedKeys {
    public static final String TABLE = "sluice_meta.touched";
    public static final String EPOCH = "sluice_meta.verify_epoch";
    /** The table name of a marker meaning "every table" (replicated DDL). */
    public static final String ALL_TABLES = "*";
    /** Default bound on the keys recorded per table and epoch (over all apply workers). */
    public static final int MAX_KEYS_PER_TABLE = 100_000;
    /** Width of a recorded key range past the bound: {@code [n * RANGE_ROWS, (n + 1) * RANGE_ROWS)}. */
    public static final long RANGE_ROWS = 1024;
    /** Prefix of {@code key_columns} on a row that records a key range {@code [lo, hi)} rather than one key. */
    static final String RANGE = "range:";
    private static final byte[] WHOLE = new byte[16];
    private static final int ROWS_PER_STATEMENT = 500;

    private final String taskId;
    private final int maxKeysPerWorker;
    /** Keys this worker recorded per table in {@link #countedEpoch}; a marker once over the bound. */
    private final Map<String, Integer> counted = new HashMap<>();
    /** Key ranges this worker recorded per table in {@link #countedEpoch}, once past the bound (for the bound only). */
    private final Map<String, java.util.Set<Long>> ranged = new HashMap<>();
    private long countedEpoch = -1;

    /** A recorder for one apply worker of {@code workers} (each keeps its share of the bound). */
    public TouchedKeys(String taskId, int workers, int maxKeysPerTable) {
        this.taskId = taskId;
        this.maxKeysPerWorker = Math.max(1, maxKeysPerTable / Math.max(1, workers));
    }

    /** Creates the tables if missing (needs CREATE on sluice_meta). */
    public static void ensureTables(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS sluice_meta");
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (task_id VARCHAR(190) NOT NULL, "
                    + "tbl VARCHAR(130) NOT NULL, key_hash BINARY(16) NOT NULL, epoch BIGINT NOT NULL, "
                    + "key_columns TEXT NULL, key_values MEDIUMBLOB NULL, PRIMARY KEY (task_id, tbl, key_hash)) ENGINE=InnoDB "
                    + "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
            st.execute("CREATE TABLE IF NOT EXISTS " + EPOCH + " (task_id VARCHAR(190) NOT NULL PRIMARY KEY, "
                    + "current BIGINT NOT NULL, verified_through BIGINT NULL, verified_at TIMESTAMP(6) NULL) "
                    + "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        }
    }

    /** The current epoch, read first in the apply transaction with a shared lock (a bump waits for the commit). */
    private long currentEpoch(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current FROM " + EPOCH
                + " WHERE task_id = ? LOCK IN SHARE MODE")) {
            ps.setString(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The keys one apply transaction changes in one destination table; null keys: the whole table. */
    public record TableKeys(List<String> columns, List<Object[]> keys) {
    }

    /**
     * Records, inside the caller's transaction, the keys (per destination table {@code db.table}) it changes. Call
     * before the rows are written, so the epoch's lock is held from the start of the transaction.
     */
    public void record(Connection c, Map<String, TableKeys> keysByTable) throws SQLException {
        if (keysByTable.isEmpty()) {
            return;
        }
        long epoch = currentEpoch(c);
        if (epoch != countedEpoch) {
            counted.clear();
            ranged.clear();
            countedEpoch = epoch;
        }
        List<Object[]> rows = new ArrayList<>(); // {tbl, hash, values}
        for (Map.Entry<String, TableKeys> e : keysByTable.entrySet()) {
            String tbl = e.getKey();
            int before = counted.getOrDefault(tbl, 0);
            if (before > maxKeysPerWorker) {
                continue; // the marker is written already in this epoch
            }
            List<Object[]> keys = e.getValue().keys();
            String columns = e.getValue().columns() == null ? null : String.join(",", e.getValue().columns()
                    .stream().map(Sql::id).toList());
            if (keys != null && !ranged.containsKey(tbl) && before + keys.size() <= maxKeysPerWorker) {
                Map<String, byte[]> distinct = new LinkedHashMap<>();
                for (Object[] k : keys) {
                    byte[] enc = KeyCodec.encode(k);
                    distinct.put(new String(enc, java.nio.charset.StandardCharsets.ISO_8859_1), enc);
                }
                for (byte[] enc : distinct.values()) {
                    rows.add(new Object[] {tbl, md5(enc), columns, enc});
                }
                counted.put(tbl, before + distinct.size());
                continue;
            }
            List<Long> starts = keys == null || columns == null ? null : rangeStarts(keys);
            java.util.Set<Long> seen = ranged.computeIfAbsent(tbl, x -> new java.util.HashSet<>());
            if (starts != null) {
                seen.addAll(starts);
            }
            if (starts == null || seen.size() > maxKeysPerWorker) {
                rows.add(new Object[] {tbl, WHOLE, null, null});
                counted.put(tbl, maxKeysPerWorker + 1);
                ranged.remove(tbl);
                continue;
            }
            for (long lo : starts) {
                byte[] enc = KeyCodec.encode(new Object[] {lo, lo + RANGE_ROWS});
                byte[] tag = (RANGE + new String(enc, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                rows.add(new Object[] {tbl, md5(tag), RANGE + columns, enc});
            }
        }
        write(c, rows, epoch);
    }

    /**
     * The distinct starts of the {@value #RANGE_ROWS}-value ranges holding the keys, when every key is one integer
     * whose range fits a BIGINT; else null (the table is then recorded whole).
     */
    private static List<Long> rangeStarts(List<Object[]> keys) {
        java.util.Set<Long> starts = new java.util.TreeSet<>();
        for (Object[] k : keys) {
            if (k.length != 1 || !(k[0] instanceof Integer || k[0] instanceof Long || k[0] instanceof Short
                    || k[0] instanceof Byte)) {
                return null;
            }
            long start = Math.floorDiv(((Number) k[0]).longValue(), RANGE_ROWS) * RANGE_ROWS;
            if (start > Long.MAX_VALUE - RANGE_ROWS) {
                return null;
            }
            starts.add(start);
        }
        return new ArrayList<>(starts);
    }

    /** Records a task-wide marker (a replicated DDL) inside the caller's transaction. */
    public void recordAllTables(Connection c) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {ALL_TABLES, WHOLE, null, null});
        write(c, rows, currentEpoch(c));
    }

    private void write(Connection c, List<Object[]> rows, long epoch) throws SQLException {
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            int to = Math.min(rows.size(), from + ROWS_PER_STATEMENT);
            StringBuilder sql = new StringBuilder("INSERT INTO " + TABLE
                    + " (task_id, tbl, key_hash, epoch, key_columns, key_values) VALUES ");
            for (int i = from; i < to; i++) {
                sql.append(i == from ? "" : ", ").append("(?, ?, ?, ?, ?, ?)");
            }
            sql.append(" ON DUPLICATE KEY UPDATE epoch = VALUES(epoch)");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int p = 1;
                for (int i = from; i < to; i++) {
                    Object[] r = rows.get(i);
                    ps.setString(p++, taskId);
                    ps.setString(p++, (String) r[0]);
                    ps.setBytes(p++, (byte[]) r[1]);
                    ps.setLong(p++, epoch);
                    ps.setString(p++, (String) r[2]);
                    ps.setBytes(p++, (byte[]) r[3]);
                }
                ps.executeUpdate();
            }
        }
    }

    /**
     * Starts a full verification (autocommit): bumps the task's epoch and returns the epoch it covers — every key
     * recorded in it or before was committed before this returns, so the verification that follows compares it.
     */
    public static long beginFull(Connection c, String taskId) throws SQLException {
        ensureTables(c);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + EPOCH + " (task_id, current) VALUES (?, 1) "
                + "ON DUPLICATE KEY UPDATE current = current + 1")) {
            ps.setString(1, taskId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT current FROM " + EPOCH + " WHERE task_id = ?")) {
            ps.setString(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) - 1;
            }
        }
    }

    /** After an equal full verification that began with {@code covered}: its keys are verified, drop them. */
    public static void markVerified(Connection c, String taskId, long covered) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + EPOCH + " SET verified_through = "
                + "GREATEST(COALESCE(verified_through, -1), ?), verified_at = UTC_TIMESTAMP(6) WHERE task_id = ?")) {
            ps.setLong(1, covered);
            ps.setString(2, taskId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE task_id = ? AND epoch <= ?")) {
            ps.setString(1, taskId);
            ps.setLong(2, covered);
            ps.executeUpdate();
        }
    }

    /**
     * Marks a task that starts from a verified-equal point (the reverse task of a cutover starts where the
     * cutover's verification found both sides equal): epoch 1 current, epoch 0 verified, so what its apply
     * records is compared by key at its own cutover (rollback).
     */
    public static void seedVerified(Connection c, String taskId) throws SQLException {
        ensureTables(c);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + EPOCH + " (task_id, current, "
                + "verified_through, verified_at) VALUES (?, 1, 0, UTC_TIMESTAMP(6))")) {
            ps.setString(1, taskId);
            ps.executeUpdate();
        }
    }

    /** The last equal full verification: the epoch it covered and when it ended (UTC), if there was one. */
    public record Verified(long through, String at) {
    }

    public static Optional<Verified> verified(Connection c, String taskId) throws SQLException {
        ensureTables(c);
        try (PreparedStatement ps = c.prepareStatement("SELECT verified_through, CAST(verified_at AS CHAR) FROM "
                + EPOCH + " WHERE task_id = ? AND verified_through IS NOT NULL")) {
            ps.setString(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Verified(rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /**
     * What replication changed in one table after an epoch: its keys and the key ranges {@code [lo, hi)} recorded
     * past the bound (with the key columns they were recorded for, quoted and comma separated; null when none), or
     * "the whole table" (a marker).
     */
    public record Touched(boolean whole, String columns, List<Object[]> keys, List<long[]> ranges) {
        static Touched wholeTable() {
            return new Touched(true, null, List.of(), List.of());
        }
    }

    /** The keys of destination table {@code db.table} touched after epoch {@code through}, markers included. */
    public static Touched since(Connection c, String taskId, String table, long through) throws SQLException {
        List<Object[]> keys = new ArrayList<>();
        List<long[]> ranges = new ArrayList<>();
        String columns = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT key_columns, key_hash, key_values FROM " + TABLE
                + " WHERE task_id = ? AND tbl IN (?, ?) AND epoch > ?")) {
            ps.setString(1, taskId);
            ps.setString(2, table);
            ps.setString(3, ALL_TABLES);
            ps.setLong(4, through);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (java.util.Arrays.equals(WHOLE, rs.getBytes(2))) {
                        return Touched.wholeTable();
                    }
                    String recorded = rs.getString(1);
                    boolean range = recorded != null && recorded.startsWith(RANGE);
                    String keyColumns = range ? recorded.substring(RANGE.length()) : recorded;
                    if (columns != null && !columns.equals(keyColumns)) {
                        return Touched.wholeTable(); // the key changed (DDL): compare it whole
                    }
                    columns = keyColumns;
                    Object[] values = KeyCodec.decode(rs.getBytes(3));
                    if (range) {
                        ranges.add(new long[] {((Number) values[0]).longValue(), ((Number) values[1]).longValue()});
                    } else {
                        keys.add(values);
                    }
                }
            }
        }
        return new Touched(false, columns, keys, ranges);
    }

    private static byte[] md5(byte[] b) {
        try {
            return MessageDigest.getInstance("MD5").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
