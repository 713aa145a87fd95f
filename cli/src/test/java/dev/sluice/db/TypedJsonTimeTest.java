package dev.sluice.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one typed-JSON writer (binlog and full copy) refuses the JSON TIME scalars MySQL cannot store exactly. */
class TypedJsonTimeTest {
    @Test
    void timesUnder32HoursAreWrittenTyped() {
        for (String t : new String[] {"31:59:59.999999", "-31:59:59.000000", "00:00:00.000000", "-00:00:01.000000"}) {
            TypedJson w = new TypedJson();
            w.time("$[0]", t);
            Object built = w.build("[\"" + t + "\"]");
            assertTrue(built instanceof TypedJson.Expression, t);
            assertTrue(((TypedJson.Expression) built).sql().contains("CAST(? AS TIME(6))"), t);
        }
    }

    @Test
    void timesOf32HoursOrMoreAreRefusedWithWhatToDo() {
        for (String t : new String[] {"32:00:00.000000", "-32:00:00.000000", "630:59:59.000000", "838:59:59.000000"}) {
            TypedJson.UnsupportedValueException e = assertThrows(TypedJson.UnsupportedValueException.class,
                    () -> new TypedJson().time("$.a[1]", t));
            assertTrue(e.getMessage().contains("32 hours or more") && e.getMessage().contains("$.a[1]")
                    && e.getMessage().contains("JSON string"), e.getMessage());
        }
        assertEquals(838, TypedJson.timeHours("-838:59:59.000000"));
    }
}
