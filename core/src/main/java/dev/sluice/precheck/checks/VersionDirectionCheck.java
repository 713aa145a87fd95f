package dev.sluice.precheck.checks;

import dev.sluice.db.ServerInfo;
import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import java.util.List;

/** Same version or upgrade passes; a downgrade or a move between MySQL and MariaDB warns with what breaks. */
public final class VersionDirectionCheck implements Check {
    @Override
    public String id() {
        return "destination.version";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        ServerInfo s = ctx.source().info();
        ServerInfo d = ctx.destination().info();
        String found = s.describe() + " -> " + d.describe();
        boolean sMaria = s.isMariaDb();
        boolean dMaria = d.isMariaDb();
        if (!sMaria && dMaria) {
            return List.of(CheckResult.warn(id(), found + " (MySQL to MariaDB)",
                    "MariaDB lacks the utf8mb4_0900 collations, stores JSON as LONGTEXT with a JSON_VALID check, has "
                            + "no functional key parts (before 10.x expression indexes), no roles-as-MySQL, and a "
                            + "different optimizer; the collation and column checks below list what applies",
                    "review the destination.charsets and objects.* results; test the application on MariaDB"));
        }
        if (sMaria && !dMaria) {
            return List.of(CheckResult.warn(id(), found + " (MariaDB to MySQL)",
                    "MySQL has no SEQUENCE objects, system-versioned tables, INET6/UUID types, Aria/ColumnStore "
                            + "engines or MariaDB's JSON-as-LONGTEXT semantics",
                    "review the objects.* results; convert MariaDB-only objects before the migration"));
        }
        int major = Integer.compare(d.major() * 100 + d.minor(), s.major() * 100 + s.minor());
        if (major < 0) {
            String breaks = !sMaria && s.major() >= 8 && d.major() < 8
                    ? "utf8mb4_0900_* collations, invisible columns, functional key parts, CHECK constraints, "
                      + "expression DEFAULTs, descending indexes and roles do not exist in " + d.describe()
                    : "features newer than " + d.describe() + " are refused by the destination";
            return List.of(CheckResult.warn(id(), found + " (downgrade)", breaks
                            + "; objects using them fail to create, and binlog events of newer features cannot be applied",
                    "prefer a destination at least as new as the source; otherwise review destination.charsets and "
                            + "objects.* results and simplify the affected objects on the source"));
        }
        String direction = major > 0 ? "upgrade" : d.compare(s.major(), s.minor(), s.patch()) < 0
                ? "same major version, older patch release" : "same version";
        return List.of(CheckResult.pass(id(), found + " (" + direction + ")"));
    }
}
