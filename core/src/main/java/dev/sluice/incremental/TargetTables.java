package dev.sluice.incremental;

import dev.sluice.table.Column;
import dev.sluice.table.RowIdentity;
import dev.sluice.table.RowFilterProbe;
import dev.sluice.table.TableModel;
import dev.sluice.table.TableModels;
import dev.sluice.table.TableRef;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectFilter;
import dev.sluice.task.RowFilter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves source tables to {@link TargetTable}s from the destination's {@link TableModel}, read once per table
 * and schema version (the cache is dropped after every DDL). The key is the table's {@link RowIdentity}, the rule
 * the full copy and verification use too: primary key, else the narrowest usable UNIQUE NOT NULL key.
 */
public final class TargetTables {
    private final Connection destination;
    private final ObjectFilter filter;
    private final NameMapping mapping;
    private final Map<String, TargetTable> cache = new HashMap<>();

    public TargetTables(Connection destination, ObjectFilter filter, NameMapping mapping) {
        this.destination = destination;
        this.filter = filter;
        this.mapping = mapping;
    }

    public void invalidate() {
        cache.clear();
    }

    /** The target of a source table whose binlog rows have these columns. */
    public TargetTable resolve(String sourceDb, String sourceTable, List<SourceColumn> columns) throws SQLException {
        String cacheKey = sourceDb + "." + sourceTable + "#" + columns.hashCode();
        TargetTable t = cache.get(cacheKey);
        if (t == null) {
            t = load(sourceDb, sourceTable, columns);
            cache.put(cacheKey, t);
        }
        return t;
    }

    private TargetTable load(String srcDb, String srcTable, List<SourceColumn> sourceColumns) throws SQLException {
        String db = mapping.database(srcDb);
        String table = mapping.table(srcDb, srcTable);
        TableModel dest = TableModels.read(destination, new TableRef(db, table)).orElseThrow(() ->
                new IllegalStateException("destination table " + db + "." + table + " (for source table " + srcDb
                        + "." + srcTable + ") does not exist; create it (sluice runs the schema phase for this) or "
                        + "leave the table out of the task's objects"));
        List<TargetTable.Column> cols = new ArrayList<>();
        List<Column> written = new ArrayList<>();
        Map<String, Integer> sourceIndexByDest = new HashMap<>();
        for (int i = 0; i < sourceColumns.size(); i++) {
            String src = sourceColumns.get(i).name();
            if (!filter.includesColumn(srcDb, srcTable, src)) {
                continue;
            }
            String destName = mapping.column(srcDb, srcTable, src);
            Column d = dest.column(destName).orElseThrow(() -> new IllegalStateException("column " + src
                    + " of source table " + srcDb + "." + srcTable + " has no destination column " + db + "." + table
                    + "." + destName + "; add it on the destination or leave it out of the task's column selection"));
            sourceIndexByDest.put(d.name().toLowerCase(Locale.ROOT), i);
            if (d.generated()) {
                continue;
            }
            // BINARY(n) values lose their trailing 0x00 bytes in the binlog: the byte length pads them back
            written.add(d);
            cols.add(new TargetTable.Column(i, d.name(), charset(d.charset()), d.dataType(),
                    "binary".equals(d.dataType()) && d.byteLength() != null ? d.byteLength().intValue() : 0));
        }
        // the one row-identity rule, over the destination columns that receive a selected source column
        RowIdentity id = dest.identity(name -> sourceIndexByDest.containsKey(name.toLowerCase(Locale.ROOT)));
        int[] key = id.columns().stream().mapToInt(c -> sourceIndexByDest.get(c.name().toLowerCase(Locale.ROOT)))
                .toArray();
        TargetTable.Mode mode = !id.keyed() ? TargetTable.Mode.KEYLESS
                : id.hasOtherUniqueKeys(dest) ? TargetTable.Mode.ORDERED : TargetTable.Mode.COMPACT;
        RowFilter where = filter.rowFilter(srcDb, srcTable);
        RowFilterProbe probe = where == null ? null : new RowFilterProbe(srcDb + "." + srcTable, where, written,
                used -> mapping.column(srcDb, srcTable, used));
        return new TargetTable(srcDb, srcTable, db, table, List.copyOf(cols), key, id.columnNames(), mode, probe);
    }

    /** Java charset for decoding a text column's binlog bytes; null keeps bytes (binary or unknown charsets). */
    static Charset charset(String mysqlCharset) {
        if (mysqlCharset == null) {
            return null;
        }
        return switch (mysqlCharset.toLowerCase()) {
            case "utf8mb4", "utf8mb3", "utf8" -> StandardCharsets.UTF_8;
            case "ascii" -> StandardCharsets.US_ASCII;
            // latin1 (MySQL's is cp1252 with 5 extra code points), ucs2, utf16 ...: the bytes go as they are
            default -> null;
        };
    }
}
