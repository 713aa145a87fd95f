package dev.sluice.precheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.task.EndpointSpec;
import dev.sluice.task.MigrationType;
import dev.sluice.task.NameMapping;
import dev.sluice.task.ObjectSelection;
import dev.sluice.task.TaskOptions;
import dev.sluice.task.TaskSpec;
import dev.sluice.task.TlsMode;
import dev.sluice.testing.DbServer;
import dev.sluice.testing.DbUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Task specs against harness servers (passwords by file: reference) and assertions on precheck reports. */
final class Fixtures {
    static final Set<MigrationType> ALL_TYPES = EnumSet.allOf(MigrationType.class);

    private Fixtures() {
    }

    static EndpointSpec endpoint(DbServer s, String user, String password) {
        try {
            Path f = Files.createTempFile("sluice-pw", ".txt");
            f.toFile().deleteOnExit();
            Files.writeString(f, password);
            return new EndpointSpec(s.host(), s.port(), user, "file:" + f, TlsMode.DISABLED, 5, null,
                    s.rsaPublicKeyFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EndpointSpec root(DbServer s) {
        return endpoint(s, s.rootUser(), s.rootPassword());
    }

    static EndpointSpec user(DbServer s, DbUser u) {
        return endpoint(s, u.name(), u.password());
    }

    static TaskSpec task(EndpointSpec source, EndpointSpec destination, Set<MigrationType> types, String db,
                         Map<String, String> dbMapping) {
        return task(source, destination, types, List.of(new ObjectSelection(db, null, null, null)),
                new NameMapping(dbMapping, Map.of(), Map.of()), null);
    }

    static TaskSpec task(EndpointSpec source, EndpointSpec destination, Set<MigrationType> types,
                         List<ObjectSelection> objects, NameMapping mapping, TaskOptions options) {
        return new TaskSpec("t", source, destination, types, objects, mapping, null, options);
    }

    /** The single result of a check id with the given status whose found text contains {@code foundPart}. */
    static CheckResult only(PrecheckReport r, String id, Status status, String foundPart) {
        List<CheckResult> hits = r.byId(id).stream().filter(c -> c.status() == status)
                .filter(c -> foundPart == null || c.found().contains(foundPart)).toList();
        assertEquals(1, hits.size(), "expected one " + status + " " + id + " containing '" + foundPart + "':\n"
                + r.toTable());
        return hits.get(0);
    }

    static void assertFix(CheckResult c, String fixPart) {
        assertTrue(c.fix() != null && c.fix().contains(fixPart), "fix of " + c.id() + " should contain '" + fixPart
                + "' but is: " + c.fix());
        assertFalse(c.why() == null || c.why().isBlank(), "no why for " + c.id());
    }

    static void assertNoFail(PrecheckReport r) {
        assertTrue(r.passed(), "expected no FAIL:\n" + r.toTable());
    }
}
