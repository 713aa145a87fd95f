package dev.sluice.incremental;

import dev.sluice.table.RowFilterProbe;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a table's row filter to its binlog changes before they are written (issue 18): a row is on the
 * destination exactly when the filter is TRUE for it. Only the images a decision needs are evaluated, in one
 * statement per batch on the apply worker's destination session ({@link RowFilterProbe}):
 * <ul>
 * <li>insert, or update of a keyed row: the after-image; TRUE → upsert it (an update that moves a row into the
 * filter becomes an insert), otherwise → delete the key (an update that moves it out becomes a delete; for a row
 * that was never in, deleting nothing);</li>
 * <li>keyed update that changes the key: delete the old key, then upsert the new row if it is in;</li>
 * <li>keyless update: before- and after-image; in→in update, out→in insert, in→out delete, out→out nothing;</li>
 * <li>delete: always applied — a row outside the filter is not on the destination, and the filter being
 * deterministic over the row's columns, no equal row is either, so deleting it changes nothing.</li>
 * </ul>
 */
final class FilteredChanges {
    private FilteredChanges() {
    }

    static List<RowChange> apply(Connection c, TargetTable t, List<RowChange> changes) throws SQLException {
        List<Object[]> images = new ArrayList<>();
        for (RowChange ch : changes) {
            if (ch.after() != null) {
                images.add(ch.after());
            }
            if (ch.kind() == RowChange.Kind.UPDATE_ROW) {
                images.add(ch.before());
            }
        }
        boolean[] in = t.rowFilter().matches(c, images);
        List<RowChange> out = new ArrayList<>(changes.size());
        int next = 0;
        for (RowChange ch : changes) {
            boolean afterIn = ch.after() != null && in[next++];
            switch (ch.kind()) {
                case DELETE, DELETE_ROW -> out.add(ch);
                case UPSERT -> out.add(afterIn ? ch
                        : new RowChange(t, RowChange.Kind.DELETE, ch.key(), null, null, ch.at()));
                case UPDATE_KEY -> {
                    out.add(new RowChange(t, RowChange.Kind.DELETE, ch.key(), null, null, ch.at()));
                    if (afterIn) {
                        out.add(new RowChange(t, RowChange.Kind.UPSERT, newKey(t, ch.after()), null, ch.after(),
                                ch.at()));
                    }
                }
                case INSERT_ROW, INSERT_MISSING -> {
                    if (afterIn) {
                        out.add(ch);
                    }
                }
                case UPDATE_ROW -> {
                    boolean beforeIn = in[next++];
                    if (beforeIn && afterIn) {
                        out.add(ch);
                    } else if (afterIn) {
                        out.add(new RowChange(t, RowChange.Kind.INSERT_ROW, null, null, ch.after(), ch.at()));
                    } else if (beforeIn) {
                        out.add(new RowChange(t, RowChange.Kind.DELETE_ROW, null, ch.before(), null, ch.at()));
                    }
                }
            }
        }
        return out;
    }

    /** The identity key values of an after-image (its key columns are written columns). */
    private static Object[] newKey(TargetTable t, Object[] after) {
        Object[] key = new Object[t.key().length];
        for (int i = 0; i < key.length; i++) {
            int at = t.columns().indexOf(t.keyColumns()[i]);
            if (at < 0) {
                throw new IllegalStateException("the row filter of " + t.sourceName() + " needs its key column "
                        + t.keyNames().get(i) + " to be copied; select it");
            }
            key[i] = after[at];
        }
        return key;
    }
}
