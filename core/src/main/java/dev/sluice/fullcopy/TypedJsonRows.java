package dev.sluice.fullcopy;

import dev.sluice.db.Sql;
import dev.sluice.db.TypedJson;
import dev.sluice.failure.RetriableException;
import dev.sluice.table.Column;
import dev.sluice.table.MappedColumn;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The full copy's slow path for MySQL JSON documents whose text would not give back the stored value. The chunk
 * read carries the binary size of each JSON document ({@link #detector}); a document whose text parses to a
 * different size holds typed scalars; its row is taken out of the fast path ({@link #divert}) and, once the
 * chunk's rows are read, written one
 * by one ({@link #write}): the source tells the {@code JSON_TYPE} of each scalar the text may hide (found by
 * {@link JsonTextScalars}), and {@link TypedJson} rebuilds the document with typed SQL expressions in the same
 * destination transaction. Tables without JSON columns never get here. ADR 0072.
 */
final class TypedJsonRows {
    /** Paths asked per statement (a document with thousands of numbers takes several). */
    static final int PATHS_PER_QUERY = 200;
    private static final Pattern OPAQUE = Pattern.compile("base64:type(\\d+):(.*)", Pattern.DOTALL);

    private final TableInfo t;
    /** Positions (0-based, in {@code t.columns()}) of the JSON columns; their flags follow the copied columns. */
    private final int[] json;
    private final List<byte[][]> rows = new ArrayList<>();
    private final List<boolean[]> flags = new ArrayList<>();
    /** Per row: written with REPLACE (a fast-path row the probe found typed) rather than as the chunk's own row. */
    private final List<Boolean> rewrite = new ArrayList<>();
    /** Keyed tables: the fast-path rows whose text hides scalar types, probed after the stream (ADR 0074). */
    private final JsonTypeProbe probe;
    private long diverted;
    private long bytes;

    private TypedJsonRows(TableInfo t, int[] json) {
        this.t = t;
        this.json = json;
        this.probe = t.hasKey() ? new JsonTypeProbe(t, json) : null;
    }

    /** The slow path of a table with MySQL JSON columns, or null (no detector, nothing to pay). */
    static TypedJsonRows of(TableInfo t) {
        int[] json = new int[t.columns().size()];
        int n = 0;
        for (int i = 0; i < t.columns().size(); i++) {
            if (t.columns().get(i).kind() == Column.Kind.JSON) {
                json[n++] = i;
            }
        }
        return n == 0 ? null : new TypedJsonRows(t, java.util.Arrays.copyOf(json, n));
    }

    /**
     * What the chunk read adds per JSON column: the stored document's binary size, which is free to read. A
     * document whose size differs from the size of what its text parses to ({@link JsonTextScalars#binarySize})
     * holds a DATETIME, DATE, TIME, opaque or DECIMAL scalar, or a DOUBLE that MySQL 5.7 prints as an integer; or
     * it was partially updated (and only costs a slow-path write). Re-parsing the text on the source would be exact
     * for more, but costs 6-15 times the read (ADR 0072).
     */
    static String detector(String column) {
        return "JSON_STORAGE_SIZE(" + Sql.id(column) + ")";
    }

    /** The detector columns appended to the chunk's select list, one per JSON column. */
    String selectSuffix() {
        StringBuilder sb = new StringBuilder();
        for (int j : json) {
            sb.append(", ").append(detector(t.columns().get(j).name()));
        }
        return sb.toString();
    }

    /**
     * Takes the current row if a flag is set (the caller then leaves it out of the fast path): its size differs
     * from its text's. A keyed row whose text holds a scalar whose type it may hide stays in the fast path and is
     * remembered for the probe (keyless rows cannot be looked up: ADR 0074 "Consequences").
     */
    boolean divert(ResultSet rs) throws SQLException {
        int base = t.columns().size();
        boolean[] f = null;
        boolean[] hides = null;
        for (int k = 0; k < json.length; k++) {
            long size = rs.getLong(base + k + 1);
            if (rs.wasNull()) {
                continue;
            }
            JsonTextScalars.Summary s = JsonTextScalars.summary(text(rs.getBytes(json[k] + 1)));
            if (size != s.size()) {
                f = f == null ? new boolean[json.length] : f;
                f[k] = true;
            } else if (probe != null && s.hidesTypes()) {
                hides = hides == null ? new boolean[json.length] : hides;
                hides[k] = true;
            }
        }
        if (f == null && hides == null) {
            return false;
        }
        byte[][] row = new byte[base][];
        for (int i = 0; i < base; i++) {
            row[i] = rs.getBytes(i + 1);
        }
        if (f == null) {
            probe.add(row, hides);
            return false;
        }
        for (byte[] v : row) {
            bytes += v == null ? 0 : v.length;
        }
        rows.add(row);
        flags.add(f);
        rewrite.add(false);
        diverted++;
        return true;
    }

    /** Whether anything is left for {@link #write}: diverted rows or rows to probe. */
    boolean pending() {
        return !rows.isEmpty() || probe != null && !probe.isEmpty();
    }

    private static String text(byte[] v) {
        return new String(v, StandardCharsets.UTF_8);
    }

    /** The rows taken out of the fast path (the probe's rewrites were counted there). */
    long rows() {
        return diverted;
    }

    long bytes() {
        return bytes;
    }

    /** Writes the diverted rows to the destination (in the caller's transaction), types rebuilt from the source. */
    void write(Connection source, Connection destination, boolean replaceRows, Fence fence) throws SQLException {
        if (probe != null && !probe.isEmpty()) {
            for (var e : probe.typedRows(source).entrySet()) {
                rows.add(e.getKey());
                flags.add(e.getValue());
                rewrite.add(true);
            }
        }
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            byte[][] row = rows.get(r);
            // identical keyless rows take the source's matching rows in turn
            int occurrence = t.hasKey() ? 0 : seen.merge(content(row), 1, Integer::sum) - 1;
            Object[] docs = new Object[json.length];
            for (int k = 0; k < json.length; k++) {
                byte[] v = row[json[k]];
                docs[k] = v == null || !flags.get(r)[k] ? null : typed(source, row, k, occurrence);
            }
            insert(destination, row, docs, replaceRows || rewrite.get(r));
            fence.heartbeat(0, 0); // one or two statements per row (already counted as streamed): keep the chunk's lease while they run
        }
    }

    /** The values as one string (hex, N for NULL): equal values, equal strings; a map key for rows and keys. */
    static String content(byte[][] row) {
        StringBuilder sb = new StringBuilder();
        for (byte[] v : row) {
            sb.append(v == null ? "N" : HexFormat.of().formatHex(v)).append(',');
        }
        return sb.toString();
    }

    /** JSON column {@code k} of {@code row}: its text, or a {@link TypedJson.Expression} with the source's types. */
    private Object typed(Connection source, byte[][] row, int k, int occurrence) throws SQLException {
        MappedColumn col = t.columns().get(json[k]);
        String text = new String(row[json[k]], StandardCharsets.UTF_8);
        List<JsonTextScalars.Scalar> scalars = JsonTextScalars.of(text);
        TypedJson out = new TypedJson();
        for (int from = 0; from < scalars.size(); from += PATHS_PER_QUERY) {
            List<JsonTextScalars.Scalar> part = scalars.subList(from, Math.min(scalars.size(), from + PATHS_PER_QUERY));
            List<String> types = sourceTypes(source, row, col, part, occurrence);
            for (int i = 0; i < part.size(); i++) {
                try {
                    put(out, part.get(i), types.get(i));
                } catch (TypedJson.UnsupportedValueException e) {
                    throw new IllegalStateException(where(row, col) + ": the JSON document holds a value Sluice "
                            + "cannot write unchanged (" + e.getMessage() + "); leave the column out of the task "
                            + "or rewrite such values on the source (e.g. as base64 text with TO_BASE64), then "
                            + "resume", e);
                }
            }
        }
        return out.build(text);
    }

    private static void put(TypedJson out, JsonTextScalars.Scalar s, String type) {
        switch (type) {
            case "DECIMAL" -> out.decimal(s.path(), new BigDecimal(s.text()));
            case "DOUBLE" -> out.doubleValue(s.path(), s.text());
            case "UNSIGNED INTEGER" -> out.unsigned(s.path(), s.text());
            case "DATETIME", "TIMESTAMP" -> out.datetime(s.path(), s.text());
            case "DATE" -> out.date(s.path(), s.text());
            case "TIME" -> out.time(s.path(), s.text());
            case "STRING", "INTEGER", "BOOLEAN", "NULL" -> {
                // the text parses to this type
            }
            default -> {
                Matcher m = OPAQUE.matcher(s.text());
                if (!s.string() || !m.matches()) {
                    throw new TypedJson.UnsupportedValueException("a " + type + " scalar at " + s.path());
                }
                out.opaque(s.path(), Integer.parseInt(m.group(1)), Base64.getDecoder().decode(m.group(2)));
            }
        }
    }

    /**
     * The source's JSON_TYPE at each path of {@code part}, read from the row whose document still has this text:
     * found by its key, or in a keyless table by every comparable column and the detector; of several identical
     * keyless rows the {@code occurrence}-th (each flagged row of them is written once, so the rows written hold
     * the source's types as a multiset). A row changed since the chunk read is retried.
     */
    private List<String> sourceTypes(Connection source, byte[][] row, MappedColumn col,
                                     List<JsonTextScalars.Scalar> part, int occurrence) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        String c = Sql.id(col.name());
        for (int i = 0; i < part.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("JSON_TYPE(JSON_EXTRACT(").append(c).append(", ?))");
        }
        sql.append(" FROM ").append(Sql.id(t.source().database(), t.source().table())).append(" WHERE ");
        List<Integer> match = matchColumns(col);
        for (int i : match) {
            sql.append(Sql.id(t.columns().get(i).name())).append(" <=> ? AND ");
        }
        sql.append("CAST(").append(c).append(" AS CHAR) = ?");
        if (!t.hasKey()) {
            sql.append(" AND ").append(detector(col.name())).append(" <> ?"); // the rows the detector flagged
        }
        List<List<String>> found = new ArrayList<>();
        try (PreparedStatement ps = source.prepareStatement(sql.toString())) {
            int p = 1;
            for (JsonTextScalars.Scalar s : part) {
                ps.setString(p++, s.path());
            }
            for (int i : match) {
                ChunkCopier.bindCopied(ps, p++, t.columns().get(i).kind(), row[i]);
            }
            byte[] doc = row[t.columns().indexOf(col)];
            ps.setBytes(p++, doc);
            if (!t.hasKey()) {
                ps.setLong(p, JsonTextScalars.binarySize(text(doc)));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> types = new ArrayList<>(part.size());
                    for (int i = 0; i < part.size(); i++) {
                        byte[] b = rs.getBytes(i + 1);
                        types.add(b == null ? null : new String(b, StandardCharsets.UTF_8));
                    }
                    found.add(types);
                }
            }
        }
        if (found.size() <= occurrence || found.get(occurrence).contains(null)) {
            throw new DocumentChanged(where(row, col) + ": the JSON document changed on the source while its "
                    + "chunk was copied; the chunk is copied again");
        }
        return found.get(occurrence);
    }

    /** The columns that find the row on the source: its key, or (keyless) every column compared exactly. */
    private List<Integer> matchColumns(MappedColumn json) {
        List<Integer> out = new ArrayList<>();
        if (t.hasKey()) {
            for (MappedColumn key : t.key()) {
                out.add(t.columns().indexOf(key));
            }
            return out;
        }
        for (int i = 0; i < t.columns().size(); i++) {
            MappedColumn m = t.columns().get(i);
            // FLOAT is read as a double (ChunkCopier#selectExpression), spatial and JSON values do not compare as
            // bytes: left out (the JSON column itself is matched by its text)
            if (m.kind() != Column.Kind.SPATIAL && m.kind() != Column.Kind.JSON && !"float".equals(m.dataType())) {
                out.add(i);
            }
        }
        return out;
    }

    private void insert(Connection destination, byte[][] row, Object[] docs, boolean replaceRows)
            throws SQLException {
        StringBuilder sql = new StringBuilder(replaceRows ? "REPLACE" : "INSERT").append(" INTO ")
                .append(Sql.id(t.destinationDatabase(), t.destinationTable())).append(" (");
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            sql.append(i == 0 ? "" : ", ").append(Sql.id(t.columns().get(i).destinationName()));
            int k = jsonIndex(i);
            Object doc = k < 0 ? null : docs[k];
            values.append(i == 0 ? "" : ", ").append(doc instanceof TypedJson.Expression e ? e.sql()
                    : k >= 0 && row[i] != null ? "CONVERT(? USING utf8mb4)" : "?");
        }
        sql.append(") VALUES (").append(values).append(')');
        try (PreparedStatement ps = destination.prepareStatement(sql.toString())) {
            int p = 1;
            for (int i = 0; i < row.length; i++) {
                int k = jsonIndex(i);
                if (k >= 0 && docs[k] instanceof TypedJson.Expression e) {
                    for (Object o : e.params()) {
                        ps.setString(p++, (String) o);
                    }
                } else {
                    ChunkCopier.bindCopied(ps, p++, t.columns().get(i).kind(), row[i]);
                }
            }
            ps.executeUpdate();
            SQLWarning w = ps.getWarnings();
            if (w != null) {
                throw new IllegalStateException(where(row, null) + ": the destination changed a value while "
                        + "writing a row with typed JSON (" + w.getErrorCode() + " " + w.getMessage() + "); the "
                        + "copy would not be exact, so it was rolled back. Make the destination column types match "
                        + "the source's");
            }
        }
    }

    private int jsonIndex(int column) {
        for (int k = 0; k < json.length; k++) {
            if (json[k] == column) {
                return k;
            }
        }
        return -1;
    }

    /** "source table db.t, key (..), column c" for messages (keyless: the start of the document). */
    private String where(byte[][] row, MappedColumn col) {
        StringBuilder sb = new StringBuilder("source table ").append(t.source());
        if (t.hasKey()) {
            sb.append(", key (");
            for (int i = 0; i < t.key().size(); i++) {
                byte[] v = row[t.columns().indexOf(t.key().get(i))];
                sb.append(i == 0 ? "" : ", ").append(show(t.key().get(i).kind(), v));
            }
            sb.append(')');
        } else if (col != null) {
            String doc = new String(row[t.columns().indexOf(col)], StandardCharsets.UTF_8);
            sb.append(", keyless row with document ").append(doc.length() > 80 ? doc.substring(0, 80) + "..." : doc);
        }
        return col == null ? sb.toString() : sb.append(", column ").append(col.name()).toString();
    }

    private static String show(Column.Kind kind, byte[] v) {
        if (v == null) {
            return "NULL";
        }
        return kind == Column.Kind.BINARY_STRING || kind == Column.Kind.BIT ? "0x" + HexFormat.of().formatHex(v)
                : Objects.toString(new String(v, StandardCharsets.UTF_8));
    }

    /**
     * A typed document's row changed between the chunk's read and the read of its types: the chunk is copied again
     * ({@link ChunkCopier#copy} does so at once a few times; after that the workflow's retry window takes over).
     */
    static final class DocumentChanged extends RetriableException {
        DocumentChanged(String message) {
            super(message, null);
        }
    }
}
