package dev.sluice.precheck.checks;

import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import dev.sluice.task.MigrationType;
import java.util.List;
import java.util.Map;

/**
 * Long-running transactions on the source: the copy's consistent snapshot and the schema phase's metadata locks
 * wait behind them, and they hold back purge (undo grows while the copy runs).
 */
public final class LongTransactionsCheck implements Check {
    static final int DEFAULT_LONG_SECONDS = 300;
    private final int longSeconds;

    /** Transactions open longer than 5 minutes are reported. */
    public LongTransactionsCheck() {
        this(DEFAULT_LONG_SECONDS);
    }

    /** Transactions open longer than {@code longSeconds} are reported. */
    public LongTransactionsCheck(int longSeconds) {
        this.longSeconds = longSeconds;
    }

    @Override
    public String id() {
        return "source.long_transactions";
    }

    @Override
    public boolean appliesTo(PrecheckContext ctx) {
        return ctx.has(MigrationType.FULL) || ctx.has(MigrationType.SCHEMA);
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        List<Map<String, Object>> rows;
        try {
            rows = ctx.source().query("SELECT trx_mysql_thread_id AS id, TIMESTAMPDIFF(SECOND, trx_started, NOW()) "
                    + "AS age FROM information_schema.INNODB_TRX WHERE trx_started < NOW() - INTERVAL "
                    + longSeconds + " SECOND ORDER BY trx_started");
        } catch (java.sql.SQLException e) {
            return List.of(CheckResult.warn(id(), "INNODB_TRX not readable: " + e.getMessage(),
                    "long transactions cannot be detected", "GRANT PROCESS ON *.* TO "
                            + ctx.source().privileges().quotedAccount() + ";"));
        }
        if (rows.isEmpty()) {
            return List.of(CheckResult.pass(id(), "no transaction open longer than " + longSeconds + " s"));
        }
        Map<String, Object> oldest = rows.get(0);
        return List.of(CheckResult.warn(id(), rows.size() + " transaction(s) open longer than " + longSeconds
                        + " s; oldest: thread " + oldest.get("ID") + ", " + oldest.get("AGE") + " s",
                "metadata locks taken by the schema phase and the copy wait behind them, and InnoDB cannot purge "
                        + "undo while they stay open",
                "commit or end them before starting: SELECT * FROM information_schema.INNODB_TRX; KILL <thread id>;"));
    }
}
