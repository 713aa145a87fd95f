package dev.sluice.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.incremental.ReplicatorConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static final Path DOC = Path.of(System.getProperty("sluice.repo.root", ".."), "docs", "settings.md");

    @Test
    void docsListEverySettingWithBothNames() throws Exception {
        String doc = Files.readString(DOC);
        List<String> missing = new ArrayList<>();
        int n = 0;
        for (Field f : Settings.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == Settings.Setting.class) {
                Settings.Setting s = (Settings.Setting) f.get(null);
                n++;
                if (!doc.contains("| `" + s.property() + "` | `" + s.environmentVariable() + "` |")) {
                    missing.add(s.property() + " / " + s.environmentVariable());
                }
            }
        }
        assertTrue(n > 20, "found " + n + " settings");
        assertEquals(List.of(), missing, "settings missing from docs/settings.md (add a row each)");
    }

    @Test
    void propertyElseDefaultAndABadValueSaysWhatToSet() {
        Settings.Setting s = new Settings.Setting("sluice.test.settings-probe", "a probe");
        assertEquals("SLUICE_TEST_SETTINGS_PROBE", s.environmentVariable());
        try {
            assertEquals(5, s.longValue(5));
            assertEquals(Optional.empty(), s.value());
            System.setProperty(s.property(), " ");
            assertEquals(5, s.intValue(5), "blank counts as not set");
            System.setProperty(s.property(), " 12 ");
            assertEquals(12, s.intValue(5));
            System.setProperty(s.property(), "twelve");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.longValue(5));
            assertEquals("sluice.test.settings-probe (or SLUICE_TEST_SETTINGS_PROBE) is 'twelve'; set it to a whole "
                    + "number (a probe)", e.getMessage());
            System.setProperty(s.property(), "FALSE");
            assertEquals(false, s.bool(true));
            System.setProperty(s.property(), "yes");
            assertTrue(assertThrows(IllegalStateException.class, () -> s.bool(false)).getMessage()
                    .contains("set it to true or false"));
        } finally {
            System.clearProperty(s.property());
        }
    }

    @Test
    void theLambdaCallCapIsDefinedOnce() {
        assertEquals(Settings.MAX_CALL, ReplicatorConfig.MAX_SLICE);
        assertEquals(840, Settings.MAX_CALL.toSeconds());
    }
}
