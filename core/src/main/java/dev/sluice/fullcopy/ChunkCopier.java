package dev.sluice.fullcopy;

import dev.sluice.db.BinlogPosition;
import dev.sluice.table.Column;
import dev.sluice.db.CopySnapshots;
import dev.sluice.db.Endpoints;
import dev.sluice.db.Sql;
import dev.sluice.table.Chunk;
import dev.sluice.table.KeyRange;
import dev.sluice.table.MappedColumn;
import dev.sluice.throttle.Throttler;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Copies one chunk: streams its key range from the source and writes it to the destination in ONE destination
 * transaction that first deletes whatever an earlier try left in that range (the whole table for a keyless table),
 * so a retried or taken-over chunk replaces exactly its own rows. The lease is checked right before the commit.
 * Under {@code existing_data: ignore} nothing is deleted and rows are written with REPLACE semantics instead.
 */
public final class ChunkCopier {
    static final int INSERT_STATEMENT_BYTES = 1 << 20;
    static final int BATCH_ROWS = 1000;
    /** The column a value warning names ("Out of range value for column 'v' at row 1"). */
    private static final Pattern WARNING_COLUMN = Pattern.compile("for column '([^']+)'");

    private final Connection source;
    private final Connection destination;
    private final Throttler throttler;
    private final WriteMethod method;
    private String snapshotTask;
    private Connection snapshotLock;

    public ChunkCopier(Connection source, Connection destination, Throttler throttler, WriteMethod method) {
        this.source = source;
        this.destination = destination;
        this.throttler = throttler;
        this.method = method;
    }

    /**
     * Whole-table chunks of task {@code taskId} are read in a consistent snapshot whose binlog position is recorded
     * on the destination with the rows ({@link SnapshotRead}, {@link CopySnapshots}); {@code lock} is a second
     * source session. For tasks with an incremental phase.
     */
    public ChunkCopier recordingSnapshots(String taskId, Connection lock) {
        this.snapshotTask = taskId;
        this.snapshotLock = lock;
        return this;
    }

    /** Copies the chunk and commits; on any failure the destination transaction is rolled back. */
    public CopyResult copy(TableInfo t, Chunk chunk, boolean replaceRows, Fence fence) throws Exception {
        // a typed JSON row written on the source between the chunk's read and its types' read: copy the chunk
        // again at once (the destination transaction was rolled back); a hot row past that is the retry window's
        for (int attempt = 1; ; attempt++) {
            try {
                return copyOnce(t, chunk, replaceRows, fence);
            } catch (TypedJsonRows.DocumentChanged e) {
                if (attempt >= DOCUMENT_CHANGED_ATTEMPTS) {
                    throw e;
                }
                Thread.sleep(50L * attempt);
            }
        }
    }

    /** In-process attempts of a chunk whose typed JSON rows keep changing under it. */
    static final int DOCUMENT_CHANGED_ATTEMPTS = 5;

    private CopyResult copyOnce(TableInfo t, Chunk chunk, boolean replaceRows, Fence fence) throws Exception {
        long t0 = System.nanoTime();
        boolean snapshot = snapshotLock != null && chunk.wholeTable();
        try {
            if (!replaceRows) {
                clearRange(t, chunk, fence);
            }
            BinlogPosition at = snapshot ? SnapshotRead.begin(source, snapshotLock, t.source()) : null;
            CopyResult r = stream(t, chunk, replaceRows, fence);
            if (at != null) {
                CopySnapshots.record(destination, snapshotTask, t.source().database(), t.source().table(), at);
            }
            fence.beforeCommit();
            destination.commit();
            return new CopyResult(r.rows(), r.bytes(), (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
            try {
                destination.rollback();
            } catch (SQLException re) {
                e.addSuppressed(re);
            }
            fence.rolledBack();
            throw e;
        } finally {
            if (snapshot) {
                SnapshotRead.end(source);
            }
        }
    }

    private static String destinationTable(TableInfo t) {
        return Sql.id(t.destinationDatabase(), t.destinationTable());
    }

    private void clearRange(TableInfo t, Chunk chunk, Fence fence) throws SQLException {
        if (chunk.wholeTable()) {
            try (Statement st = destination.createStatement()) {
                st.executeUpdate("DELETE FROM " + destinationTable(t));
            }
            return;
        }
        if (fence.firstAttempt()) {
            return; // no earlier try can have written this range
        }
        KeyRange p = new KeyRange(MappedColumn.columns(t.key()), MappedColumn.destinationNames(t.key()), chunk.lo(),
                chunk.hi());
        try (PreparedStatement ps = destination.prepareStatement("DELETE FROM " + destinationTable(t)
                + " WHERE " + p.sql())) {
            p.bind(ps, 1);
            ps.executeUpdate();
        }
    }

    private CopyResult stream(TableInfo t, Chunk chunk, boolean replaceRows, Fence fence) throws Exception {
        String cols = t.columns().stream().map(ChunkCopier::selectExpression).collect(Collectors.joining(", "));
        TypedJsonRows typed = TypedJsonRows.of(t);
        KeyRange p = KeyRange.of(MappedColumn.columns(t.key()), chunk.lo(), chunk.hi());
        String where = chunk.wholeTable() ? null : p.sql();
        if (t.rowFilter() != null) {   // the task's row filter (objects[].where), checked at precheck
            where = (where == null ? "" : "(" + where + ") AND ") + "(" + t.rowFilter().sql() + ")";
        }
        String sql = "SELECT " + cols + (typed == null ? "" : typed.selectSuffix()) + " FROM "
                + Sql.id(t.source().database(), t.source().table())
                + (where == null ? "" : " WHERE " + where)
                + ("PRIMARY".equals(t.keyName()) ? " ORDER BY " + t.key().stream().map(c -> Sql.id(c.name()))
                .collect(Collectors.joining(", ")) : "");
        CopyResult r;
        try (PreparedStatement ps = source.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(Integer.MIN_VALUE);
            if (!chunk.wholeTable()) {
                p.bind(ps, 1);
            }
            try (ResultSet rs = ps.executeQuery()) {
                r = switch (method) {
                    case LOAD_DATA -> loadData(t, chunk, rs, replaceRows, fence, typed);
                    case MULTI_ROW_INSERT -> multiRowInsert(t, rs, replaceRows, fence, typed);
                    case PREPARED_BATCH -> preparedBatch(t, rs, replaceRows, fence, typed);
                };
            }
        }
        if (typed == null || !typed.pending()) {
            return r;
        }
        // the source session is free again (the streamed result is closed): rows holding typed JSON scalars
        typed.write(source, destination, replaceRows, fence);
        return new CopyResult(r.rows() + typed.rows(), r.bytes() + typed.bytes(), 0);
    }

    /**
     * How a column is read: FLOAT as {@code col * 1e0} because MySQL 5.7 and MariaDB print FLOAT with six
     * significant digits (the double of the stored float prints exactly and rounds back to the same float;
     * multiplying keeps -0). ENUM/SET as {@code CAST(col AS UNSIGNED)}, the member index / SET bitmask: loaded as bytes of
     * CHARACTER SET binary, a member name with a non-ASCII character matched no member (1265 Data truncated); the
     * binlog carries the same numbers ({@link TableInfo#requireSameMembers}).
     */
    static String selectExpression(MappedColumn c) {
        if (c.kind() == Column.Kind.MEMBER) {
            return "CAST(" + Sql.id(c.name()) + " AS UNSIGNED)"; // col + 0 turns SET bit 63 negative
        }
        return "float".equalsIgnoreCase(c.dataType()) ? "(" + Sql.id(c.name()) + " * 1e0)" : Sql.id(c.name());
    }

    private Column.Kind[] kinds(TableInfo t) {
        return t.columns().stream().map(MappedColumn::kind).toArray(Column.Kind[]::new);
    }

    private CopyResult loadData(TableInfo t, Chunk chunk, ResultSet rs, boolean replaceRows, Fence fence,
                                TypedJsonRows typed) throws Exception {
        StringBuilder target = new StringBuilder();
        StringBuilder set = new StringBuilder();
        for (int i = 0; i < t.columns().size(); i++) {
            MappedColumn c = t.columns().get(i);
            if (i > 0) {
                target.append(", ");
            }
            if (c.kind() == Column.Kind.BIT) {
                // LOAD DATA cannot take BIT values directly; they travel as unsigned decimal
                target.append("@b").append(i);
                set.append(set.length() == 0 ? " SET " : ", ").append(Sql.id(c.destinationName()))
                        .append(" = CAST(@b").append(i).append(" AS UNSIGNED)");
            } else if (c.kind() == Column.Kind.MEMBER) {
                // a number assigned as text would first be looked up as a member name
                target.append("@m").append(i);
                set.append(set.length() == 0 ? " SET " : ", ").append(Sql.id(c.destinationName()))
                        .append(" = CAST(@m").append(i).append(" AS UNSIGNED)");
            } else if (c.kind() == Column.Kind.JSON) {
                // JSON refuses CHARACTER SET binary input; its text is utf8mb4
                target.append("@j").append(i);
                set.append(set.length() == 0 ? " SET " : ", ").append(Sql.id(c.destinationName()))
                        .append(" = CONVERT(@j").append(i).append(" USING utf8mb4)");
            } else {
                target.append(Sql.id(c.destinationName()));
            }
        }
        String sql = "LOAD DATA LOCAL INFILE 'sluice-chunk' " + (replaceRows ? "REPLACE " : "") + "INTO TABLE "
                + destinationTable(t) + " CHARACTER SET binary FIELDS TERMINATED BY '\\t' ENCLOSED BY '' "
                + "ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' STARTING BY '' (" + target + ")" + set;
        LoadDataStream in = new LoadDataStream(rs, kinds(t), typed, (rows, bytes) -> {
            throttler.acquire(rows, bytes);
            fence.heartbeat(rows, bytes);
        });
        long loaded;
        try (Statement st = destination.createStatement()) {
            try {
                loaded = Endpoints.loadDataFromStream(st, in, sql);
            } catch (SQLException e) {
                // the reader's own failure (a source error) explains the destination's; an interruption is only
                // our close() waking a reader that waited (throttle, full queue): then the destination failed
                in.close();
                Exception readerFailure = in.failure();
                if (readerFailure != null && !(readerFailure instanceof InterruptedException)) {
                    readerFailure.addSuppressed(e);
                    throw readerFailure;
                }
                throw e;
            } finally {
                in.close();
            }
            if (in.failure() != null) {
                throw in.failure();
            }
            failOnWarnings(st.getWarnings(), chunk, t);
        }
        if (!replaceRows && loaded != in.rows()) {
            throw new IllegalStateException("chunk " + chunk.describe() + ": the destination took " + loaded
                    + " of " + in.rows() + " rows (duplicate keys in the destination range?); check that the "
                    + "destination key and its collation match the source's");
        }
        return new CopyResult(in.rows(), in.bytes(), 0);
    }

    /**
     * Fails on any warning about a copied value. Warnings about the destination's generated columns are not: those
     * values are not copied but computed by the destination from the copied ones with the same expression, as
     * the source computed them (an expression that overflows under the source's non-strict sql_mode is clamped,
     * with a warning, on both sides).
     */
    private void failOnWarnings(SQLWarning w, Chunk chunk, TableInfo t) throws SQLException {
        if (w == null) {
            return;
        }
        Set<String> generated = generatedColumns(t);
        StringBuilder sb = new StringBuilder();
        int n = 0;
        int seen = 0;
        for (SQLWarning x = w; x != null && n < 5; x = x.getNextWarning()) {
            seen++;
            Matcher m = WARNING_COLUMN.matcher(String.valueOf(x.getMessage()));
            if (m.find() && generated.contains(m.group(1).toLowerCase(Locale.ROOT))) {
                continue;
            }
            sb.append(n > 0 ? "; " : "").append(x.getErrorCode()).append(' ').append(x.getMessage());
            n++;
        }
        if (n == 0 && seen >= warningCount()) {
            return; // every warning is about a generated column (none beyond max_error_count went unseen)
        }
        if (n == 0) {
            sb.append("more warnings than the server lists (max_error_count)");
        }
        throw new IllegalStateException("the destination changed values while loading chunk " + chunk.describe()
                + " (" + sb + "); the copy would not be exact, so it was rolled back. Make the destination "
                + "column types match the source's");
    }

    private long warningCount() throws SQLException {
        try (Statement st = destination.createStatement(); ResultSet rs = st.executeQuery("SHOW COUNT(*) WARNINGS")) {
            return rs.next() ? rs.getLong(1) : Long.MAX_VALUE;
        }
    }

    private Set<String> generatedColumns(TableInfo t) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = destination.prepareStatement("SELECT COLUMN_NAME, EXTRA FROM "
                + "information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, t.destinationDatabase());
            ps.setString(2, t.destinationTable());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (Column.Generation.of(rs.getString(2)) != Column.Generation.NONE) {
                        out.add(rs.getString(1).toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return out;
    }

    private String insertHead(TableInfo t, boolean replaceRows) {
        return (replaceRows ? "REPLACE" : "INSERT") + " INTO " + destinationTable(t) + " ("
                + t.columns().stream().map(c -> Sql.id(c.destinationName())).collect(Collectors.joining(", "))
                + ") VALUES ";
    }

    private CopyResult multiRowInsert(TableInfo t, ResultSet rs, boolean replaceRows, Fence fence,
                                      TypedJsonRows typed) throws Exception {
        Column.Kind[] kinds = kinds(t);
        byte[] head = insertHead(t, replaceRows).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        RowBuffer buf = new RowBuffer(INSERT_STATEMENT_BYTES + 64 * 1024);
        long rows = 0;
        long bytes = 0;
        long batchRows = 0;
        try (Statement st = destination.createStatement()) {
            while (rs.next()) {
                if (typed != null && typed.divert(rs)) {
                    continue;
                }
                buf.put(batchRows == 0 ? head : new byte[] {','});
                buf.put((byte) '(');
                for (int i = 0; i < kinds.length; i++) {
                    if (i > 0) {
                        buf.put((byte) ',');
                    }
                    byte[] v = rs.getBytes(i + 1);
                    if (v == null) {
                        buf.putAscii("NULL");
                    } else if (kinds[i] == Column.Kind.BIT) {
                        buf.putAscii(new BigInteger(1, v).toString());
                    } else if (kinds[i] == Column.Kind.INTEGER || kinds[i] == Column.Kind.UNSIGNED_INTEGER
                            || kinds[i] == Column.Kind.MEMBER) {
                        buf.put(v);
                    } else if (kinds[i] == Column.Kind.TEXT) {
                        // numbers and temporals: ASCII without quotes or backslashes (a hex literal would be
                        // read as a number in numeric context)
                        buf.put((byte) '\'');
                        buf.put(v);
                        buf.put((byte) '\'');
                    } else if (kinds[i] == Column.Kind.JSON) {
                        buf.putAscii("CONVERT(");
                        buf.putHexLiteral(v);
                        buf.putAscii(" USING utf8mb4)");
                    } else {
                        buf.putHexLiteral(v);
                    }
                    bytes += v == null ? 0 : v.length;
                }
                buf.put((byte) ')');
                batchRows++;
                rows++;
                if (buf.length >= INSERT_STATEMENT_BYTES) {
                    executeBuffer(st, buf);
                    throttler.acquire(batchRows, buf.length);
                    fence.heartbeat(batchRows, buf.length);
                    buf.clear();
                    batchRows = 0;
                }
            }
            if (batchRows > 0) {
                executeBuffer(st, buf);
                throttler.acquire(batchRows, buf.length);
            }
        }
        return new CopyResult(rows, bytes, 0);
    }

    private static void executeBuffer(Statement st, RowBuffer buf) throws SQLException {
        // the statement holds only ASCII outside hex literals, so ISO-8859-1 maps bytes to chars one to one
        st.executeUpdate(new String(buf.data, 0, buf.length, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private CopyResult preparedBatch(TableInfo t, ResultSet rs, boolean replaceRows, Fence fence,
                                     TypedJsonRows typed) throws Exception {
        Column.Kind[] kinds = kinds(t);
        String sql = insertHead(t, replaceRows) + "(" + t.columns().stream().map(c -> "?")
                .collect(Collectors.joining(", ")) + ")";
        long rows = 0;
        long bytes = 0;
        long batchBytes = 0;
        int batchRows = 0;
        try (PreparedStatement ps = destination.prepareStatement(sql)) {
            while (rs.next()) {
                if (typed != null && typed.divert(rs)) {
                    continue;
                }
                for (int i = 0; i < kinds.length; i++) {
                    byte[] v = rs.getBytes(i + 1);
                    bindCopied(ps, i + 1, kinds[i], v);
                    batchBytes += v == null ? 0 : v.length;
                }
                ps.addBatch();
                rows++;
                if (++batchRows >= BATCH_ROWS) {
                    ps.executeBatch();
                    throttler.acquire(batchRows, batchBytes);
                    fence.heartbeat(batchRows, batchBytes);
                    bytes += batchBytes;
                    batchRows = 0;
                    batchBytes = 0;
                }
            }
            if (batchRows > 0) {
                ps.executeBatch();
                throttler.acquire(batchRows, batchBytes);
                bytes += batchBytes;
            }
        }
        return new CopyResult(rows, bytes, 0);
    }

    /** Binds a value as the source sent it (raw bytes in the column's charset) so it is written unchanged. */
    static void bindCopied(PreparedStatement ps, int index, Column.Kind kind, byte[] v) throws SQLException {
        if (v == null) {
            ps.setNull(index, java.sql.Types.NULL);
        } else if (kind == Column.Kind.BIT) {
            ps.setBigDecimal(index, new BigDecimal(new BigInteger(1, v)));
        } else if (kind == Column.Kind.MEMBER) {
            ps.setBigDecimal(index, new BigDecimal(new String(v, java.nio.charset.StandardCharsets.ISO_8859_1)));
        } else if (kind == Column.Kind.TEXT || kind == Column.Kind.INTEGER || kind == Column.Kind.UNSIGNED_INTEGER) {
            ps.setString(index, new String(v, java.nio.charset.StandardCharsets.ISO_8859_1));
        } else if (kind == Column.Kind.JSON) {
            ps.setString(index, new String(v, java.nio.charset.StandardCharsets.UTF_8));
        } else {
            ps.setBytes(index, v);
        }
    }

    /** Column list helper for tests and reports. */
    static List<String> destinationColumns(TableInfo t) {
        return t.columns().stream().map(MappedColumn::destinationName).toList();
    }
}
