package dev.sluice.table;

import dev.sluice.db.SchemaSession;
import dev.sluice.state.TaskItem;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The secondary indexes the schema phase leaves out of a destination table until its rows are copied, as ALTER
 * TABLE statements. The create phase stores them per table ({@code SCHEMA#INDEXES#<db>.<table>}) so that the copy
 * worker that finishes a table's last chunk can build them while other tables are still copying; the finish phase
 * adds whatever is still missing.
 */
public record DeferredIndexes(String database, String table, List<String> statements) {

    public static final String SK_PREFIX = TaskItem.SCHEMA_INDEXES.prefix();

    /** The state-table sort key of a destination table's deferred indexes. */
    public static String sortKey(String database, String table) {
        return SK_PREFIX + database + "." + table;
    }

    public String sortKey() {
        return sortKey(database, table);
    }

    /**
     * Runs the statements on a destination connection of its own, in the session the schema phase uses for them
     * ({@link SchemaSession}).
     */
    public void build(Connection destination) throws SQLException {
        try (Statement st = destination.createStatement()) {
            try (var rs = st.executeQuery("SELECT @@GLOBAL.sql_mode")) {
                rs.next();
                SchemaSession.prepare(st, SchemaSession.withoutZeroDateChecks(rs.getString(1)));
            }
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
