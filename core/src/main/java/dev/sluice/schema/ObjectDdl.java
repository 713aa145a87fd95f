package dev.sluice.schema;

import dev.sluice.db.Sql;
import dev.sluice.db.TriggerGuard;
import dev.sluice.sql.SqlLexer;
import dev.sluice.sql.Token;
import dev.sluice.task.TaskOptions.DefinerPolicy;
import java.util.List;

/**
 * Edits the header of a {@code SHOW CREATE VIEW/PROCEDURE/FUNCTION/TRIGGER/EVENT} statement: the object's name
 * (qualified with the destination database), the DEFINER clause per the task's definer policy, and an event's
 * ENABLE state.
 */
public final class ObjectDdl {
    private static final SqlLexer LEXER = new SqlLexer();

    private ObjectDdl() {
    }

    /** Replaces the name after {@code keyword} (VIEW, PROCEDURE, ...) with {@code db.name}. */
    public static String rename(String sql, String keyword, String db, String name) {
        List<Token> t = LEXER.tokenize(sql);
        List<Integer> sig = DdlConverter.significant(t);
        String[] out = DdlConverter.texts(t);
        for (int k = 0; k < sig.size(); k++) {
            if (t.get(sig.get(k)).is(keyword) && k + 1 < sig.size() && t.get(sig.get(k + 1)).isIdentifier()) {
                int first = sig.get(k + 1);
                int last = first;
                if (k + 3 < sig.size() && t.get(sig.get(k + 2)).isSymbol(".") && t.get(sig.get(k + 3)).isIdentifier()) {
                    last = sig.get(k + 3);
                }
                for (int i = first; i <= last; i++) {
                    out[i] = "";
                }
                out[first] = Sql.id(db, name);
                return String.join("", out);
            }
        }
        throw new IllegalArgumentException("no " + keyword + " name found in: " + sql);
    }

    /** Index range [first, last] of the account after {@code DEFINER =}, or null when there is no DEFINER. */
    private static int[] definerRange(List<Token> t, List<Integer> sig) {
        for (int k = 0; k + 2 < sig.size(); k++) {
            if (t.get(sig.get(k)).is("DEFINER") && t.get(sig.get(k + 1)).isSymbol("=")) {
                int first = sig.get(k + 2);
                int last = first;
                if (t.get(first).is("CURRENT_USER")) {
                    if (k + 4 < sig.size() && t.get(sig.get(k + 3)).isSymbol("(") && t.get(sig.get(k + 4)).isSymbol(")")) {
                        last = sig.get(k + 4);
                    }
                } else if (k + 4 < sig.size() && t.get(sig.get(k + 3)).isSymbol("@")) {
                    last = sig.get(k + 4);
                }
                return new int[] {first, last};
            }
            if (t.get(sig.get(k)).is("AS") || t.get(sig.get(k)).is("BEGIN")) {
                break;
            }
        }
        return null;
    }

    /** Applies the definer policy; records a change when the DEFINER is replaced. */
    public static String definer(String sql, DefinerPolicy policy, ServerProfile dst, ChangeLog log, String db,
                                 String object) {
        List<Token> t = LEXER.tokenize(sql);
        List<Integer> sig = DdlConverter.significant(t);
        int[] r = definerRange(t, sig);
        if (r == null || policy == DefinerPolicy.KEEP) {
            return sql;
        }
        StringBuilder account = new StringBuilder();
        for (int i = r[0]; i <= r[1]; i++) {
            account.append(t.get(i).text());
        }
        String acc = account.toString();
        if (acc.toUpperCase().startsWith("CURRENT_USER")) {
            return sql;
        }
        String user = t.get(r[0]).name();
        String host = r[1] > r[0] ? t.get(r[1]).name() : "%";
        if (policy == DefinerPolicy.KEEP_IF_EXISTS && dst.accountExists(user, host)) {
            return sql;
        }
        String[] out = DdlConverter.texts(t);
        for (int i = r[0]; i <= r[1]; i++) {
            out[i] = "";
        }
        out[r[0]] = "CURRENT_USER";
        String why = policy == DefinerPolicy.DESTINATION_USER
                ? "definer policy destination-user: objects run as the account Sluice uses on the destination"
                : "definer " + acc + " does not exist on the destination (definer policy keep-if-exists)";
        boolean definerSecurity = sql.matches("(?is).*SQL\\s+SECURITY\\s+DEFINER.*")
                || (!sql.matches("(?is).*SQL\\s+SECURITY\\s+INVOKER.*") && !object.startsWith("trigger")
                && !object.startsWith("event"));
        if (definerSecurity && !object.startsWith("trigger") && !object.startsWith("event")) {
            why += "; SQL SECURITY DEFINER now means the privileges of " + dst.currentUser();
        }
        log.change(db, object, "DEFINER=" + acc, "DEFINER=" + dst.currentUser(), why);
        return String.join("", out);
    }

    /** An event is created DISABLED (ON SLAVE on MySQL) so it does not run twice while the source is live. */
    public static String disableEvent(String sql, ServerProfile dst, ChangeLog log, String db, String object) {
        List<Token> t = LEXER.tokenize(sql);
        List<Integer> sig = DdlConverter.significant(t);
        String[] out = DdlConverter.texts(t);
        for (int k = 0; k < sig.size(); k++) {
            Token tok = t.get(sig.get(k));
            if (tok.is("DO")) {
                break;
            }
            if (tok.is("ENABLE")) {
                out[sig.get(k)] = "DISABLE";
                log.change(db, object, "ENABLE", "DISABLE", "an event would run on both servers while the source "
                        + "is live and its writes are replicated; enable it at cutover (ALTER EVENT ... ENABLE)");
                return String.join("", out);
            }
        }
        return sql;
    }

    /**
     * Wraps a trigger's body in {@code IF @sluice_replicating IS NULL THEN ... END IF}: rows Sluice's binlog applier
     * writes (its session sets the variable) already contain the trigger's effects from the source, so the trigger
     * must not fire for them a second time; application sessions never set it, so the trigger works as before.
     */
    public static String guardTrigger(String sql, ChangeLog log, String db, String object) {
        List<Token> t = LEXER.tokenize(sql);
        List<Integer> sig = DdlConverter.significant(t);
        for (int k = 0; k + 2 < sig.size(); k++) {
            if (t.get(sig.get(k)).is("FOR") && t.get(sig.get(k + 1)).is("EACH") && t.get(sig.get(k + 2)).is("ROW")) {
                int b = k + 3;
                if (b + 1 < sig.size() && (t.get(sig.get(b)).is("FOLLOWS") || t.get(sig.get(b)).is("PRECEDES"))) {
                    b += 2;
                }
                if (b >= sig.size()) {
                    return sql;
                }
                int start = t.get(sig.get(b)).start();
                String body = sql.substring(start).stripTrailing();
                if (body.endsWith(";")) {
                    body = body.substring(0, body.length() - 1);
                }
                log.change(db, object, "fires for every row", "skips rows written by Sluice's replication",
                        "the source's trigger already wrote its effects, which replication copies; the body is wrapped in "
                                + "IF " + TriggerGuard.VARIABLE + " IS NULL THEN ... END IF (harmless after cutover)");
                return sql.substring(0, start) + "IF " + TriggerGuard.VARIABLE + " IS NULL THEN\n" + body + ";\nEND IF";
            }
        }
        return sql;
    }
}
