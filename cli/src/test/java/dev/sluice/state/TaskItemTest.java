package dev.sluice.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The state-table items of a task are the ones ARCHITECTURE.md lists, spelled the same. */
class TaskItemTest {
    private static final Pattern ROW = Pattern.compile("^\\| `TASK#<id>` \\| (.+?) \\|", Pattern.MULTILINE);
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void theArchitectureTableListsEveryItemOfTheRegistry() throws Exception {
        String doc = Files.readString(Path.of("../ARCHITECTURE.md"));
        Set<String> documented = new TreeSet<>();
        Matcher row = ROW.matcher(doc);
        while (row.find()) {
            Matcher code = CODE.matcher(row.group(1));
            while (code.find()) {
                documented.add(code.group(1));
            }
        }
        Set<String> registered = Arrays.stream(TaskItem.values())
                .map(i -> i.prefix() + (i.isFamily() ? i.suffix() : ""))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(registered, documented, "the TASK#<id> rows of ARCHITECTURE.md and dev.sluice.state.TaskItem "
                + "differ: add or correct the row (or the item)");
    }

    @Test
    void singleItemsAndFamiliesAreKeyedTheirWay() {
        assertEquals("HANDOFF", TaskItem.HANDOFF.sk());
        assertEquals("CHUNK#db.t#000001", TaskItem.CHUNK.sk("db.t#000001"));
        assertEquals("SCHEMA#REPORT#", TaskItem.SCHEMA_REPORT.prefix());
        assertThrows(IllegalStateException.class, TaskItem.CHUNK::sk);
        assertThrows(IllegalStateException.class, () -> TaskItem.HANDOFF.sk("x"));
    }
}
