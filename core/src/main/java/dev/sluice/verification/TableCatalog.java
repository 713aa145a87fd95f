package dev.sluice.verification;

import dev.sluice.db.ServerInfo;
import dev.sluice.table.Column;
import dev.sluice.table.MappedColumn;
import dev.sluice.table.RowIdentity;
import dev.sluice.table.TableModel;
import dev.sluice.table.TableModels;
import dev.sluice.table.TableRef;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectFilter;
import dev.sluice.task.TaskSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the tables a task selects on the source and describes each for verification from the shared table model:
 * compared columns (the task's column selection, generated columns left out since they derive from the others),
 * destination names from the name mapping, and the row identity (the one rule, {@link RowIdentity}).
 */
public final class TableCatalog {
    private static final Pattern JSON_VALID = Pattern.compile("json_valid\\(`((?:[^`]|``)+)`\\)",
            Pattern.CASE_INSENSITIVE);

    private TableCatalog() {
    }

    /** Every selected base table of the source, in name order (models read in three queries per side). */
    public static List<TableTarget> targets(TaskSpec spec, Connection source, ServerInfo sourceInfo,
                                            Connection dest, ServerInfo destInfo) throws SQLException {
        List<TableRef> refs = TableModels.selected(source, spec.filter());
        NameMapping mapping = spec.mappingOrNone();
        Map<TableRef, TableModel> sources = TableModels.readSchemas(source,
                refs.stream().map(TableRef::database).toList());
        Map<TableRef, TableModel> dests = TableModels.readSchemas(dest,
                refs.stream().map(r -> mapping.database(r.database())).toList());
        List<TableTarget> out = new ArrayList<>();
        for (TableRef r : refs) {
            TableModel s = sources.get(r);
            if (s == null) {
                continue; // dropped since the listing
            }
            TableRef d = destRef(mapping, r);
            TableModel dm = dests.containsKey(d) ? dests.get(d) : TableModels.read(dest, d).orElse(null);
            out.add(describe(spec, s, dm, source, sourceInfo, destInfo));
        }
        return out;
    }

    /** One table; fails with a message naming what is missing on the destination. */
    public static TableTarget describe(TaskSpec spec, String db, String table, Connection source,
                                       ServerInfo sourceInfo, Connection dest, ServerInfo destInfo)
            throws SQLException {
        TableRef ref = new TableRef(db, table);
        TableModel s = TableModels.require(source, ref, "check the task's objects and the user's SELECT grant");
        return describe(spec, s, TableModels.read(dest, destRef(spec.mappingOrNone(), ref)).orElse(null), source,
                sourceInfo, destInfo);
    }

    private static TableRef destRef(NameMapping mapping, TableRef r) {
        return new TableRef(mapping.database(r.database()), mapping.table(r.database(), r.table()));
    }

    private static TableTarget describe(TaskSpec spec, TableModel s, TableModel d, Connection source,
                                        ServerInfo sourceInfo, ServerInfo destInfo) throws SQLException {
        NameMapping mapping = spec.mappingOrNone();
        ObjectFilter filter = spec.filter();
        String db = s.database();
        String table = s.table();
        String destDb = mapping.database(db);
        String destTable = mapping.table(db, table);
        if (d == null) {
            throw new IllegalStateException("table " + destDb + "." + destTable + " (for source " + db + "." + table
                    + ") does not exist on the destination; run the schema phase or fix the task's mapping");
        }
        JsonMode jsonMode = jsonMode(sourceInfo, destInfo);
        RowIdentity identity = s.identity(name -> filter.includesColumn(db, table, name));
        Set<String> jsonCols = sourceInfo.isMariaDb() ? mariaDbJsonColumns(source, db, table) : Set.of();
        List<ColumnInfo> columns = new ArrayList<>();
        Set<String> sourceCharsets = new HashSet<>();
        for (Column c : s.columns()) {
            // generated columns derive from the others (a STORED one in the row identity is compared: rows match by it)
            if ((c.generated() && !identity.columns().contains(c)) || !filter.includesColumn(db, table, c.name())) {
                continue;
            }
            ColumnKind kind = jsonCols.contains(c.name()) ? ColumnKind.JSON : ColumnKind.of(c.dataType());
            String destName = mapping.column(db, table, c.name());
            Column dc = d.column(destName).orElseThrow(() -> new IllegalStateException("column " + destName + " of "
                    + destDb + "." + destTable + " (source " + db + "." + table + "." + c.name() + ") does not exist "
                    + "on the destination; add it or leave it out with objects[].columns"));
            String charset = c.charset() == null ? "" : c.charset();
            boolean convert = !charset.equals(dc.charset() == null ? "" : dc.charset());
            if (isText(kind)) {
                sourceCharsets.add(charset);
            }
            columns.add(new ColumnInfo(new MappedColumn(c, destName), kind, convert));
        }
        if (sourceCharsets.size() > 1) {
            // CONCAT_WS refuses to mix character sets of equal coercibility: hash all text as utf8mb4
            columns.replaceAll(c -> new ColumnInfo(c.mapped(), c.kind(), c.convert() || isText(c.kind())));
        }
        if (columns.isEmpty()) {
            throw new IllegalStateException("table " + db + "." + table + " has no selected columns to compare");
        }
        List<ColumnInfo> key = new ArrayList<>();
        for (Column k : identity.columns()) {
            columns.stream().filter(ci -> ci.mapped().column().equals(k)).findFirst().ifPresent(key::add);
        }
        return new TableTarget(s, identity, db, table, destDb, destTable, List.copyOf(columns), List.copyOf(key),
                jsonMode, !filter.columns(db, table).isEmpty(),
                sourceInfo.isMySqlAtLeast(8, 0, 0) && destInfo.isMySqlAtLeast(8, 0, 0),
                keyOrderedScan(s, d, identity, key), filter.rowFilter(db, table));
    }

    /**
     * True when the row identity is the primary key on both sides, column for column with the same collation and
     * without prefixes: a range read by the primary key then returns the same rows in the same order on both.
     */
    private static boolean keyOrderedScan(TableModel s, TableModel d, RowIdentity identity, List<ColumnInfo> key) {
        if (key.isEmpty() || key.size() != identity.columns().size()
                || !dev.sluice.table.Key.PRIMARY.equals(identity.keyName())) {
            return false;
        }
        var sp = s.primaryKey().orElse(null);
        var dp = d.primaryKey().orElse(null);
        if (sp == null || dp == null || sp.prefixed() || dp.prefixed() || sp.functional() || dp.functional()
                || dp.columns().size() != key.size()) {
            return false;
        }
        for (int i = 0; i < key.size(); i++) {
            ColumnInfo k = key.get(i);
            Column dc = d.column(k.destName()).orElse(null);
            if (!k.destName().equalsIgnoreCase(dp.columns().get(i)) || dc == null
                    || !java.util.Objects.equals(k.mapped().column().collation(), dc.collation())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isText(ColumnKind k) {
        return k == ColumnKind.STRING || k == ColumnKind.TEXT || k == ColumnKind.ENUM_SET;
    }

    /** Whether both servers print JSON the same way, and how. */
    public static JsonMode jsonMode(ServerInfo source, ServerInfo dest) {
        if (!source.isMariaDb() && !dest.isMariaDb()
                && (source.compare(8, 0, 0) >= 0) == (dest.compare(8, 0, 0) >= 0)) {
            // 5.7 prints an integral double in JSON as 17500, 8.0 as 17500.0: only the same generation agrees
            return JsonMode.MYSQL_CANONICAL;
        }
        if (source.isMariaDb() && dest.isMariaDb() && source.compare(10, 7, 0) >= 0 && dest.compare(10, 7, 0) >= 0) {
            return JsonMode.MARIADB_NORMALIZE;
        }
        return JsonMode.JAVA;
    }

    /** MariaDB stores JSON as LONGTEXT with a json_valid() check; those columns are JSON for comparison. */
    private static Set<String> mariaDbJsonColumns(Connection c, String db, String table) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
                + "WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Matcher m = JSON_VALID.matcher(rs.getString(1));
                    if (m.matches()) {
                        out.add(m.group(1).replace("``", "`"));
                    }
                }
            }
        }
        return out;
    }
}
