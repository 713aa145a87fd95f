package dev.sluice.precheck.checks;

import dev.sluice.db.Sql;
import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.precheck.Privileges;
import dev.sluice.task.MigrationType;
import java.util.List;

/**
 * The source account needs SELECT on what is copied; SHOW VIEW, TRIGGER, EVENT and routine access to read the
 * schema; REPLICATION SLAVE and REPLICATION CLIENT (MariaDB: BINLOG MONITOR) to read the binlog; LOCK TABLES for
 * a full + incremental task (tables copied whole are read in a snapshot taken under a brief table lock).
 */
public final class SourcePrivilegesCheck implements Check {
    @Override
    public String id() {
        return "source.privileges";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        Privileges p = ctx.source().privileges();
        MissingGrants missing = new MissingGrants();
        boolean schema = ctx.has(MigrationType.SCHEMA);
        // tables copied whole are read in a snapshot taken under LOCK TABLES ... READ (ADR 0043)
        boolean snapshots = ctx.has(MigrationType.FULL) && ctx.has(MigrationType.INCREMENTAL);
        for (Inventory.Database d : ctx.inventory().databases()) {
            String scope = Sql.id(d.name()) + ".*";
            boolean allTablesSelectable = ctx.inventory().tables().stream().filter(t -> t.db().equals(d.name()))
                    .allMatch(t -> p.hasOnTable("SELECT", t.db(), t.name()));
            if (!p.hasOnDatabase("SELECT", d.name()) && !allTablesSelectable) {
                missing.add(scope, "SELECT");
            }
            if (schema) {
                for (String priv : new String[] {"SHOW VIEW", "TRIGGER", "EVENT"}) {
                    if (!p.hasOnDatabase(priv, d.name())) {
                        missing.add(scope, priv);
                    }
                }
            }
            if (snapshots && !p.hasOnDatabase("LOCK TABLES", d.name())) {
                missing.add(scope, "LOCK TABLES");
            }
        }
        var info = ctx.source().info();
        // routines the account may not read are invisible in information_schema, so the access is required whether
        // or not any routine is seen
        if (schema && !p.hasGlobal("SELECT")
                && !p.hasGlobal("SHOW_ROUTINE") && !p.hasOnTable("SELECT", "mysql", "proc")) {
            missing.add(info.isMySqlAtLeast(8, 0, 20) ? "*.*" : "`mysql`.`proc`",
                    info.isMySqlAtLeast(8, 0, 20) ? "SHOW_ROUTINE" : "SELECT");
        }
        if (ctx.has(MigrationType.INCREMENTAL)) {
            if (!p.hasGlobal("REPLICATION SLAVE")) {
                missing.add("*.*", "REPLICATION SLAVE");
            }
            if (!p.hasGlobal("REPLICATION CLIENT") && !p.hasGlobal("BINLOG MONITOR")) {
                missing.add("*.*", "REPLICATION CLIENT");
            }
        }
        if (missing.isEmpty()) {
            return List.of(CheckResult.pass(id(), p.account() + " has the privileges the task needs on the source"));
        }
        String roles = p.usesRoles() ? " (the account has roles; privileges held only through roles are not seen "
                + "here — grant them directly or make the role a default role)" : "";
        return List.of(CheckResult.fail(id(), p.account() + " lacks " + missing.describe() + roles,
                "without them Sluice cannot read the selected rows, object definitions or the binlog",
                missing.grants(p.quotedAccount())));
    }
}
