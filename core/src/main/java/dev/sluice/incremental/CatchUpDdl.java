package dev.sluice.incremental;

import dev.sluice.binlog.BinlogCoordinate;
import java.util.Locale;

/**
 * DDL seen by a reloaded table's catch-up stream: the main stream applies every DDL (also the reloaded table's),
 * so the catch-up stream applies none; but rows of the table logged before a DDL on it cannot be replayed into the
 * table as the DDL left it without guessing, so such a DDL fails the reload loudly (reload the table again).
 */
final class CatchUpDdl {
    private CatchUpDdl() {
    }

    /** Fails when {@code sql} names the reloaded source table {@code dbTable} (db.table). */
    static void refuse(String sql, String dbTable, BinlogCoordinate at) {
        String name = dbTable.substring(dbTable.indexOf('.') + 1).toLowerCase(Locale.ROOT);
        String text = sql.toLowerCase(Locale.ROOT);
        int i = text.indexOf(name);
        while (i >= 0) {
            boolean before = i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)) && text.charAt(i - 1) != '_';
            int end = i + name.length();
            boolean after = end >= text.length() || !Character.isLetterOrDigit(text.charAt(end))
                    && text.charAt(end) != '_';
            if (before && after) {
                throw new IllegalStateException("DDL on " + dbTable + " at " + at.describe() + " ran while the table "
                        + "was being reloaded (" + (sql.length() > 200 ? sql.substring(0, 200) + "..." : sql)
                        + "); its rows logged before the DDL cannot be replayed into the changed table. Run 'sluice "
                        + "reload <task> " + dbTable + "' again");
            }
            i = text.indexOf(name, i + 1);
        }
    }
}
