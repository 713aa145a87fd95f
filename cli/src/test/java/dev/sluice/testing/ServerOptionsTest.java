package dev.sluice.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Option names are normalized, later values win, null removes a default. */
class ServerOptionsTest {
    @Test
    void normalizesNamesAndLaterValuesWin() {
        ServerOptions o = ServerOptions.of("binlog_format", "STATEMENT", "--Read_Only", "1")
                .with("binlog-format", "MIXED");
        assertEquals(List.of("binlog-format", "read-only"), List.copyOf(o.asMap().keySet()));
        assertEquals("MIXED", o.asMap().get("binlog-format"));
        assertEquals("1", o.asMap().get("read-only"));
    }

    @Test
    void withoutMarksDefaultsForRemoval() {
        ServerOptions o = ServerOptions.without("gtid_mode");
        assertTrue(o.asMap().containsKey("gtid-mode"));
        assertNull(o.asMap().get("gtid-mode"));
    }

    @Test
    void rejectsOddPairsAndEmptyNames() {
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.of("read_only"));
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.of("--", "1"));
    }
}
