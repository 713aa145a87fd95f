package dev.sluice.testing;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Unique names are lower-case identifiers, short enough for MySQL, and never repeat. */
class TestNamesTest {
    @Test
    void uniqueNamesAreIdentifierSafeAndDistinct() {
        String a = TestNames.unique("Orders-2024 Copy");
        String b = TestNames.unique("Orders-2024 Copy");
        assertTrue(a.matches("[a-z0-9_]+"), a);
        assertTrue(a.startsWith("orders_2024_copy_"), a);
        assertNotEquals(a, b);
        assertTrue(TestNames.unique("x".repeat(100)).length() <= 52);
    }
}
