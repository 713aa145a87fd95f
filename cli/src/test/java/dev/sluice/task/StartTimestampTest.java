package dev.sluice.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** start_timestamp reads ISO-8601 instants and 'YYYY-MM-DD HH:MM:SS[.ffffff]' (UTC unless an offset follows). */
class StartTimestampTest {
    private static final Instant AT = Instant.parse("2026-11-25T14:30:00Z");

    @Test
    void isoInstantsWithZoneOrOffset() {
        assertEquals(AT, StartTimestamp.parse("2026-11-25T14:30:00Z"));
        assertEquals(AT, StartTimestamp.parse("2026-11-25T16:30:00+02:00"));
        assertEquals(AT, StartTimestamp.parse("2026-11-25T09:30:00-0500"));
        assertEquals(AT.plusMillis(250), StartTimestamp.parse("2026-11-25T16:30:00.25+02"));
        assertEquals(AT, StartTimestamp.parse("2026-11-25t14:30:00z"));
    }

    @Test
    void mysqlStyleTimesAreUtcUnlessAnOffsetFollows() {
        assertEquals(AT, StartTimestamp.parse("2026-11-25 14:30:00"));
        assertEquals(AT, StartTimestamp.parse(" 2026-11-25T14:30:00 "));
        assertEquals(AT.plusNanos(123_456_000), StartTimestamp.parse("2026-11-25 14:30:00.123456"));
        assertEquals(AT, StartTimestamp.parse("2026-11-25 16:30:00 +02:00"));
        assertEquals(AT, StartTimestamp.parse("2026-11-25 14:30:00Z"));
    }

    @Test
    void anythingElseNamesTheAcceptedForms() {
        for (String bad : new String[] {"yesterday", "2026-11-25", "2026-13-01 00:00:00", "2026-11-2514:30:00",
            "1764081000", "2026-11-25 14:30", "2026-11-25 14:30:00 CET", "2026-02-30 00:00:00", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StartTimestamp.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("options.incremental.start_timestamp: '" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("YYYY-MM-DD HH:MM:SS[.ffffff]"), e.getMessage());
            assertTrue(e.getMessage().contains("UTC unless an offset"), e.getMessage());
        }
    }
}
