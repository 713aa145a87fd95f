package dev.sluice.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Generated columns are recognised from EXTRA on every flavor; expression defaults are not generated columns. */
class ColumnGenerationTest {
    @Test
    void generatedColumns() {
        assertEquals(Column.Generation.VIRTUAL, Column.Generation.of("VIRTUAL GENERATED"));
        assertEquals(Column.Generation.STORED, Column.Generation.of("STORED GENERATED"));
        assertEquals(Column.Generation.STORED, Column.Generation.of("PERSISTENT GENERATED"));
        assertEquals(Column.Generation.VIRTUAL, Column.Generation.of("virtual generated"));
        assertEquals(Column.Generation.VIRTUAL, Column.Generation.of("VIRTUAL GENERATED INVISIBLE"));
    }

    @Test
    void expressionDefaultsAndOthersAreOrdinaryColumns() {
        // MySQL 8.0: `last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP`
        assertEquals(Column.Generation.NONE, Column.Generation.of("DEFAULT_GENERATED on update CURRENT_TIMESTAMP"));
        assertEquals(Column.Generation.NONE, Column.Generation.of("DEFAULT_GENERATED"));
        assertEquals(Column.Generation.NONE, Column.Generation.of("auto_increment"));
        assertEquals(Column.Generation.NONE, Column.Generation.of("on update current_timestamp()"));
        assertEquals(Column.Generation.NONE, Column.Generation.of(""));
        assertEquals(Column.Generation.NONE, Column.Generation.of(null));
    }
}
