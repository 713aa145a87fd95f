package dev.sluice.fullcopy;

import dev.sluice.table.Column;
import dev.sluice.table.MappedColumn;
import dev.sluice.table.RowIdentity;
import dev.sluice.table.TableModel;
import dev.sluice.table.TableModels;
import dev.sluice.table.TableRef;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectFilter;
import dev.sluice.task.RowFilter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the full copy knows about one source table: its {@link TableModel}, the row identity its chunks are cut on
 * ({@link RowIdentity}, the rule every phase shares), the copied columns (selected, not generated) and the key,
 * both with their destination names, and the task's row filter of the table (null: every row).
 */
public record TableInfo(TableModel model, RowIdentity identity, String destinationDatabase, String destinationTable,
                        List<MappedColumn> columns, List<MappedColumn> key, RowFilter rowFilter) {

    public TableRef source() {
        return model.ref();
    }

    public boolean hasKey() {
        return identity.keyed();
    }

    public String keyName() {
        return identity.keyName();
    }

    public long estimatedRows() {
        return model.estimatedRows();
    }

    /** The full copy's view of a table model under the task's column selection and name mapping. */
    public static TableInfo of(TableModel m, ObjectFilter filter, NameMapping mapping) {
        String db = m.database();
        String table = m.table();
        List<MappedColumn> copied = new ArrayList<>();
        for (Column c : m.columns()) {
            if (!c.generated() && filter.includesColumn(db, table, c.name())) {
                copied.add(new MappedColumn(c, mapping.column(db, table, c.name())));
            }
        }
        RowIdentity id = m.identity(name -> filter.includesColumn(db, table, name));
        List<MappedColumn> key = id.columns().stream()
                .map(c -> new MappedColumn(c, mapping.column(db, table, c.name()))).toList();
        return new TableInfo(m, id, mapping.database(db), mapping.table(db, table), List.copyOf(copied), key,
                filter.rowFilter(db, table));
    }

    /**
     * Fails unless every copied ENUM/SET column has the source's members, in the source's order, on the destination:
     * values travel as the member index / SET bitmask (the full copy and the binlog alike), which means the same
     * value only over the same member list. A destination table created by the schema phase always has it; one
     * created by hand may not.
     */
    public void requireSameMembers(Connection destination) throws SQLException {
        if (columns.stream().noneMatch(c -> c.kind() == Column.Kind.MEMBER)) {
            return;
        }
        TableModel d = TableModels.require(destination, new TableRef(destinationDatabase, destinationTable),
                "create it (schema phase) before the full copy");
        for (MappedColumn c : columns) {
            if (c.kind() != Column.Kind.MEMBER) {
                continue;
            }
            Column dc = d.columns().stream().filter(x -> x.name().equalsIgnoreCase(c.destinationName())).findFirst()
                    .orElse(null);
            if (dc == null || !dc.dataType().equals(c.dataType()) || !dc.members().equals(c.column().members())) {
                throw new IllegalStateException("column " + c.destinationName() + " of destination table "
                        + destinationDatabase + "." + destinationTable + " is "
                        + (dc == null ? "missing" : dc.columnType()) + " but source column " + source() + "."
                        + c.name() + " is " + c.columnType() + "; ENUM/SET values are copied and replicated by "
                        + "member position, so the destination needs the same members in the same order: ALTER "
                        + "TABLE " + destinationDatabase + "." + destinationTable + " MODIFY " + c.destinationName()
                        + " " + c.columnType() + " (or let the schema phase create the table), then resume");
            }
        }
    }

    /** Reads the table's model from the source's information_schema. */
    public static TableInfo read(Connection source, TableRef t, ObjectFilter filter, NameMapping mapping)
            throws SQLException {
        return of(TableModels.require(source, t, "check the task's objects and the user's SELECT grant"), filter,
                mapping);
    }
}
