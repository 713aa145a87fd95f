package dev.sluice.precheck.checks;

import dev.sluice.db.Sql;
import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.Inventory;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.precheck.Privileges;
import dev.sluice.task.MigrationType;
import dev.sluice.task.TaskOptions.ExistingDataPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The destination account needs, per target database, the DDL privileges the schema phase uses and the
 * read/write privileges the copy and the binlog apply use; and to keep the copy out of the destination binlog
 * (sql_log_bin=0), the privilege to set that session variable (the copy stops without it).
 */
public final class DestinationPrivilegesCheck implements Check {
    static final List<String> SCHEMA = List.of("CREATE", "ALTER", "DROP", "INDEX", "REFERENCES", "CREATE VIEW",
            "SHOW VIEW", "CREATE ROUTINE", "ALTER ROUTINE", "TRIGGER", "EVENT");
    static final List<String> WRITE = List.of("SELECT", "INSERT", "UPDATE", "DELETE");
    static final List<String> DDL_APPLY = List.of("CREATE", "ALTER", "DROP", "INDEX");

    @Override
    public String id() {
        return "destination.privileges";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        Privileges p = ctx.destination().privileges();
        Set<String> needed = new LinkedHashSet<>();
        if (ctx.has(MigrationType.SCHEMA)) {
            needed.addAll(SCHEMA);
        }
        if (ctx.has(MigrationType.FULL) || ctx.has(MigrationType.INCREMENTAL)) {
            needed.addAll(WRITE);
        }
        if (ctx.has(MigrationType.INCREMENTAL)) {
            needed.addAll(DDL_APPLY);
        }
        if (ctx.spec().optionsOrDefaults().existingDataOrDefault() == ExistingDataPolicy.TRUNCATE) {
            needed.add("DROP"); // TRUNCATE TABLE needs DROP
        }
        MissingGrants missing = new MissingGrants();
        Set<String> targets = new LinkedHashSet<>();
        for (Inventory.Database d : ctx.inventory().databases()) {
            targets.add(ctx.targetDb(d.name()));
        }
        for (String db : targets) {
            for (String priv : needed) {
                if (!p.hasOnDatabase(priv, db)) {
                    missing.add(Sql.id(db) + ".*", priv);
                }
            }
            if (!ctx.destinationDatabases().contains(db) && !p.hasOnDatabase("CREATE", db)) {
                missing.add(Sql.id(db) + ".*", "CREATE");
            }
        }
        List<CheckResult> out = new ArrayList<>();
        if (missing.isEmpty()) {
            out.add(CheckResult.pass(id(), p.account() + " has " + String.join(", ", needed) + " on "
                    + String.join(", ", targets)));
        } else {
            out.add(CheckResult.fail(id(), p.account() + " lacks " + missing.describe(),
                    "the schema phase, the full copy or the binlog apply would stop with 'command denied'",
                    missing.grants(p.quotedAccount())));
        }
        boolean copyOffBinlog = ctx.has(MigrationType.FULL)
                && !ctx.spec().optionsOrDefaults().fullCopyOrDefault().destinationBinlogOrDefault()
                && ctx.destination().isOn("log_bin");
        if (copyOffBinlog) {
            var info = ctx.destination().info();
            boolean can = p.hasGlobal("SUPER") || p.hasGlobal("SYSTEM_VARIABLES_ADMIN")
                    || p.hasGlobal("SESSION_VARIABLES_ADMIN") || p.hasGlobal("BINLOG ADMIN");
            if (!can) {
                String priv = info.isMariaDb() ? "BINLOG ADMIN" : info.isMySqlAtLeast(8, 0, 14)
                        ? "SESSION_VARIABLES_ADMIN" : "SUPER";
                out.add(CheckResult.fail(id() + ".sql_log_bin", p.account() + " may not SET sql_log_bin = 0 (needs "
                                + priv + ")",
                        "the destination has log_bin=ON and the task keeps the copy out of its binlog "
                                + "(full_copy.destination_binlog: false): the copy sessions turn sql_log_bin off and "
                                + "stop when they may not",
                        "GRANT " + priv + " ON *.* TO " + p.quotedAccount()
                                + "; or set options.full_copy.destination_binlog: true"));
            }
        }
        return out;
    }
}
