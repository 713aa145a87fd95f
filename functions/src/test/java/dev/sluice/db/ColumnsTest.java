package dev.sluice.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Generated columns are recognised from EXTRA on every flavor; expression defaults are not generated columns. */
class ColumnsTest {
    @Test
    void generatedColumns() {
        assertTrue(Columns.isGenerated("VIRTUAL GENERATED"));
        assertTrue(Columns.isGenerated("STORED GENERATED"));
        assertTrue(Columns.isGenerated("PERSISTENT GENERATED"));
        assertTrue(Columns.isGenerated("virtual generated"));
    }

    @Test
    void expressionDefaultsAndOthersAreOrdinaryColumns() {
        // MySQL 8.0: `last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP`
        assertFalse(Columns.isGenerated("DEFAULT_GENERATED on update CURRENT_TIMESTAMP"));
        assertFalse(Columns.isGenerated("DEFAULT_GENERATED"));
        assertFalse(Columns.isGenerated("auto_increment"));
        assertFalse(Columns.isGenerated("on update current_timestamp()"));
        assertFalse(Columns.isGenerated(""));
        assertFalse(Columns.isGenerated(null));
    }
}
