package dev.sluice.precheck.checks;

import dev.sluice.precheck.Check;
import dev.sluice.precheck.CheckResult;
import dev.sluice.precheck.PrecheckContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Global sql_mode differences that change what data is accepted or how stored code behaves on the destination. */
public final class SqlModeCheck implements Check {
    /** Modes whose presence or absence changes which values are accepted or how they are stored. */
    static final Set<String> DATA_MODES = Set.of("STRICT_TRANS_TABLES", "STRICT_ALL_TABLES", "NO_ZERO_DATE",
            "NO_ZERO_IN_DATE", "ERROR_FOR_DIVISION_BY_ZERO", "PAD_CHAR_TO_FULL_LENGTH", "NO_BACKSLASH_ESCAPES",
            "ANSI_QUOTES", "PIPES_AS_CONCAT", "NO_AUTO_VALUE_ON_ZERO", "ONLY_FULL_GROUP_BY", "TIME_TRUNCATE_FRACTIONAL");

    @Override
    public String id() {
        return "destination.sql_mode";
    }

    @Override
    public List<CheckResult> run(PrecheckContext ctx) throws Exception {
        Set<String> src = modes(ctx.source().variable("sql_mode").orElse(""));
        Set<String> dst = modes(ctx.destination().variable("sql_mode").orElse(""));
        Set<String> onlySrc = new TreeSet<>(src);
        onlySrc.removeAll(dst);
        Set<String> onlyDst = new TreeSet<>(dst);
        onlyDst.removeAll(src);
        onlySrc.retainAll(DATA_MODES);
        onlyDst.retainAll(DATA_MODES);
        String found = "source sql_mode='" + String.join(",", src) + "', destination sql_mode='"
                + String.join(",", dst) + "'";
        if (onlySrc.isEmpty() && onlyDst.isEmpty()) {
            return List.of(CheckResult.pass(id(), found));
        }
        List<String> effects = new ArrayList<>();
        if (onlySrc.contains("STRICT_TRANS_TABLES") || onlySrc.contains("STRICT_ALL_TABLES")) {
            effects.add("the destination is not strict: too long or out-of-range values written by applications "
                    + "after cutover are silently truncated instead of refused");
        }
        if (onlyDst.contains("NO_ZERO_DATE") || onlyDst.contains("NO_ZERO_IN_DATE")
                || (onlyDst.contains("STRICT_TRANS_TABLES") && dst.contains("NO_ZERO_DATE"))) {
            effects.add("the destination refuses zero dates ('0000-00-00') the source accepts");
        }
        if (onlySrc.contains("NO_ZERO_DATE") || onlySrc.contains("NO_ZERO_IN_DATE")) {
            effects.add("the destination accepts zero dates the source refused");
        }
        if (onlySrc.contains("ANSI_QUOTES") || onlyDst.contains("ANSI_QUOTES")
                || onlySrc.contains("PIPES_AS_CONCAT") || onlyDst.contains("PIPES_AS_CONCAT")
                || onlySrc.contains("NO_BACKSLASH_ESCAPES") || onlyDst.contains("NO_BACKSLASH_ESCAPES")) {
            effects.add("SQL text (views, routines, triggers, application queries) is parsed differently");
        }
        if (onlySrc.contains("ONLY_FULL_GROUP_BY") || onlyDst.contains("ONLY_FULL_GROUP_BY")) {
            effects.add("GROUP BY queries valid on one side fail on the other");
        }
        if (effects.isEmpty()) {
            effects.add("value handling differs in " + String.join(", ", onlySrc) + String.join(", ", onlyDst));
        }
        return List.of(CheckResult.warn(id(), found + " (only on source: " + String.join(",", onlySrc)
                        + "; only on destination: " + String.join(",", onlyDst) + ")",
                String.join("; ", effects) + ". Stored routines and triggers keep the sql_mode they were created "
                        + "with; Sluice sets its own sessions' sql_mode, so the copied data itself is not affected",
                "SET PERSIST sql_mode = '" + String.join(",", src) + "'; on the destination (or sql_mode=... in "
                        + "my.cnf), unless the difference is intended"));
    }

    static Set<String> modes(String v) {
        Set<String> out = new TreeSet<>();
        Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }
}
