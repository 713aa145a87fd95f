package dev.sluice.fullcopy;

import dev.sluice.state.TaskItem;
import dev.sluice.table.TableRef;
import java.time.Instant;
import java.util.List;

/**
 * The plan of one table, document {@code TASK#<id>/TABLE#<db>.<table>}: where it goes, the key its chunks are cut
 * on, the estimate and the chunk count, and whether rows replace existing ones ({@code existing_data: ignore}).
 * Written after all the table's chunks, so its presence means the table is completely planned.
 */
public record TablePlan(String database, String table, String destinationDatabase, String destinationTable,
                        String keyName, List<String> keyColumns, long estimatedRows, long rowsPerChunk, int chunks,
                        boolean replaceRows, Instant plannedAt) {

    public static String sortKey(TableRef t) {
        return TaskItem.TABLE.sk(t.key());
    }

    public TableRef ref() {
        return new TableRef(database, table);
    }
}
