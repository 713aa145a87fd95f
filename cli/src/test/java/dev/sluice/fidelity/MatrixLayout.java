package dev.sluice.fidelity;

import dev.sluice.db.Sql;
import dev.sluice.fidelity.TypeCatalog.Column;
import dev.sluice.fidelity.TypeCatalog.Family;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each (column, value, path) of the fidelity matrix lives: one table per type family and key kind, one row
 * per cell (only that column set, the others NULL), its id {@code path * 100000 + column * 1000 + value}. A key
 * change moves the id by {@link #MOVED}. Keyless tables hold every row twice.
 */
final class MatrixLayout {
    static final int MOVED = 50_000;

    private MatrixLayout() {
    }

    /** The ways a value reaches the destination. */
    enum Path {
        FULL("full copy"),
        REPLAY("insert between hand-off and copy (replayed)"),
        INSERT("binlog INSERT"),
        UPDATE("binlog UPDATE NULL -> value"),
        UPDATE_FROM("binlog UPDATE value -> next value"),
        DELETE("binlog DELETE"),
        KEY_CHANGE("binlog key change");

        final String label;

        Path(String label) {
            this.label = label;
        }

        int base() {
            return (ordinal() + 1) * 100_000;
        }
    }

    /** The key of a matrix table. */
    enum KeyKind {
        PRIMARY("_pk", "id INT NOT NULL PRIMARY KEY", "primary key"),
        UNIQUE("_uk", "id INT NOT NULL, UNIQUE KEY uk_id (id)", "only UNIQUE NOT NULL key"),
        NONE("_nk", "id INT NULL", "keyless, duplicate rows");

        final String suffix;
        final String idDefinition;
        final String label;

        KeyKind(String suffix, String idDefinition, String label) {
            this.suffix = suffix;
            this.idDefinition = idDefinition;
            this.label = label;
        }

        int copies() {
            return this == NONE ? 2 : 1;
        }

        String limit() {
            return this == NONE ? " LIMIT 1" : "";
        }
    }

    /** A located cell: what a row of a matrix table stands for. */
    record Cell(Family family, KeyKind key, Path path, Column column, int value, boolean moved) {
        String valueLiteral() {
            String v = column.values().get(value);
            String shown = v.length() > 90 ? v.substring(0, 90) + "...(" + v.length() + " chars)" : v;
            if (path == Path.UPDATE_FROM) {
                String next = column.values().get((value + 1) % column.values().size());
                return shown + " -> " + (next.length() > 60 ? next.substring(0, 60) + "..." : next);
            }
            return shown;
        }
    }

    static String table(Family f, KeyKind k) {
        return f.name() + k.suffix;
    }

    static String createTable(Family f, KeyKind k) {
        StringBuilder sb = new StringBuilder("CREATE TABLE ").append(Sql.id(table(f, k))).append(" (")
                .append(k.idDefinition);
        for (Column c : f.columns()) {
            sb.append(", ").append(Sql.id(c.name())).append(' ').append(c.type());
        }
        return sb.append(")").toString();
    }

    static int id(Path p, int column, int value) {
        return p.base() + column * 1000 + value;
    }

    /** The cell a row id stands for, or null for an id outside the layout. */
    static Cell locate(Family f, KeyKind k, long id) {
        int seg = (int) (id / 100_000) - 1;
        if (seg < 0 || seg >= Path.values().length) {
            return null;
        }
        Path p = Path.values()[seg];
        long rest = id % 100_000;
        boolean moved = rest >= MOVED;
        rest = moved ? rest - MOVED : rest;
        int col = (int) (rest / 1000);
        int val = (int) (rest % 1000);
        if (col >= f.columns().size() || val >= f.columns().get(col).values().size()) {
            return null;
        }
        return new Cell(f, k, p, f.columns().get(col), val, moved);
    }

    /** INSERTs of the rows of path {@code p}: the value itself, or NULL for the UPDATE path's starting rows. */
    static List<String> inserts(Family f, KeyKind k, Path p) {
        List<String> out = new ArrayList<>();
        for (int ci = 0; ci < f.columns().size(); ci++) {
            Column c = f.columns().get(ci);
            for (int v = 0; v < c.values().size(); v++) {
                String value = p == Path.UPDATE ? "NULL" : c.values().get(v);
                String row = "(" + id(p, ci, v) + ", " + value + ")";
                out.add("INSERT INTO " + Sql.id(table(f, k)) + " (id, " + Sql.id(c.name()) + ") VALUES " + row
                        + (k.copies() == 2 ? ", " + row : ""));
            }
        }
        return out;
    }

    /** The binlog change of path {@code p} for every cell of the table (none for paths that only insert). */
    static List<String> changes(Family f, KeyKind k, Path p) {
        List<String> out = new ArrayList<>();
        String t = Sql.id(table(f, k));
        for (int ci = 0; ci < f.columns().size(); ci++) {
            Column c = f.columns().get(ci);
            String col = Sql.id(c.name());
            for (int v = 0; v < c.values().size(); v++) {
                int id = id(p, ci, v);
                switch (p) {
                    case UPDATE -> out.add("UPDATE " + t + " SET " + col + " = " + c.values().get(v) + " WHERE id = "
                            + id + k.limit());
                    case UPDATE_FROM -> out.add("UPDATE " + t + " SET " + col + " = "
                            + c.values().get((v + 1) % c.values().size()) + " WHERE id = " + id + k.limit());
                    case DELETE -> out.add("DELETE FROM " + t + " WHERE id = " + id + k.limit());
                    case KEY_CHANGE -> out.add("UPDATE " + t + " SET id = id + " + MOVED + " WHERE id = " + id
                            + k.limit());
                    default -> {
                    }
                }
            }
        }
        return out;
    }
}
