package dev.sluice.cutover;

import dev.sluice.task.EndpointSpec;
import dev.sluice.task.TaskSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The post-cutover reminder about the accounts Sluice used: the task's own source and destination users may be
 * dropped (or stripped of replication and write privileges); an administrative account such as {@code root} is
 * never suggested for dropping, only noted.
 */
public final class MigrationAccounts {
    private static final List<String> NEVER_DROP = List.of("root", "mysql.sys", "mysql.session",
            "mysql.infoschema", "mariadb.sys", "rdsadmin", "admin");

    private MigrationAccounts() {
    }

    public static List<String> reminder(TaskSpec spec) {
        List<String> drop = new ArrayList<>();
        List<String> keep = new ArrayList<>();
        sort(spec.source(), "source", drop, keep);
        sort(spec.destination(), "destination", drop, keep);
        List<String> out = new ArrayList<>();
        if (!drop.isEmpty()) {
            out.add("drop the accounts this task used: " + String.join(" and ", drop) + " (DROP USER), or at least "
                    + "revoke their replication and write privileges; the migration no longer needs them");
        }
        if (!keep.isEmpty()) {
            out.add("this task logged in as " + String.join(" and ", keep) + ": an administrative account, not "
                    + "one to drop; next time give Sluice an account of its own that you can drop after cutover");
        }
        return out;
    }

    private static void sort(EndpointSpec e, String side, List<String> drop, List<String> keep) {
        if (e.user() == null || e.user().isBlank()) {
            return;
        }
        String name = "'" + e.user() + "' on the " + side + " " + e.address();
        if (NEVER_DROP.contains(e.user().toLowerCase(java.util.Locale.ROOT))) {
            keep.add(name);
        } else {
            drop.add(name);
        }
    }
}
