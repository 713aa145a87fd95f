package dev.sluice.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sluice.workflow.asl.AslDefinition;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The project's own state machine (workflow/migration.asl.json) loads in the runner with its substitutions. */
class MigrationDefinitionTest {
    @Test
    void migrationDefinitionLoads() throws Exception {
        String json;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/sluice/workflow/migration.asl.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> subs = new HashMap<>();
        Matcher m = Pattern.compile("\\$\\{([^}]*)}").matcher(json);
        while (m.find()) {
            subs.put(m.group(1), "arn:aws:lambda:us-east-1:123456789012:function:" + m.group(1));
        }
        assertFalse(subs.isEmpty(), "the definition has no ${...} placeholders any more; update this test");
        AslDefinition def = AslDefinition.parse(json, subs);
        assertEquals(def.startAt(), def.top().state(def.startAt()).name());
    }
}
