package dev.sluice.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a 'sluice serve' holds for its tasks' env:/file: passwords, and what it says when it holds nothing. */
class HandedSecretsTest {
    private static EndpointSpec at(int port, String ref) {
        return new EndpointSpec("127.0.0.1", port, "app", ref, null, null);
    }

    @Test
    void valuesAreHeldPerAccountAndReferenceAndServeNeverReadsItsOwnEnvironment() {
        HandedSecrets held = new HandedSecrets(ref -> false);
        held.put(at(3306, "env:PATH"), "pw-a");
        held.put(at(3307, "env:PATH"), "pw-b");
        assertEquals("pw-a", held.password(at(3306, "env:PATH")));
        assertEquals("pw-b", held.password(at(3307, "env:PATH")), "the same name for another server");
        // PATH is set in this process, but serve does not resolve references itself
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> held.password(at(3308, "env:PATH")));
        assertTrue(e.getMessage().contains("env:PATH") && e.getMessage().contains("sluice resume"), e.getMessage());
        assertFalse(e.getMessage().contains(System.getenv("PATH")), e.getMessage());
        held.put(at(3306, "env:PATH"), "pw-rotated");
        assertEquals("pw-rotated", held.password(at(3306, "env:PATH")), "a newer value replaces the old one");
    }

    @Test
    void referencesServeWasAllowedToResolveAreResolvedThereAndOnlyEnvAndFileAreHandedOver() {
        HandedSecrets held = new HandedSecrets(ref -> ref.equals("env:PATH"));
        assertEquals(System.getenv("PATH"), held.password(at(3306, "env:PATH")));
        assertThrows(IllegalArgumentException.class,
                () -> held.put(at(3306, "arn:aws:secretsmanager:us-east-1:1:secret:x"), "v"));
    }
}
