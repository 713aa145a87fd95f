package dev.sluice.task;

import dev.sluice.task.TaskOptions.OnlineDdl;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the tables and triggers an online schema change tool creates on the source, by the names the tools
 * give them (TiDB DM's online-ddl rules):
 * <ul>
 * <li>gh-ost ({@code go/base/context.go}): the shadow {@code _t_gho}, the changelog {@code _t_ghc}, the checkpoint
 * table {@code _t_ghk}, and the old table and cut-over sentry {@code _t_del} ({@code _t_<yyyyMMddHHmmss>_del} with
 * --timestamp-old-table, {@code _rev_del} when reverting);</li>
 * <li>pt-online-schema-change: the shadow {@code _t_new} (more leading underscores when that name is taken), the
 * old table {@code _t_old} (also with more underscores, or a random 6-character prefix), the triggers
 * {@code pt_osc_<db>_<t>_ins|upd|del}.</li>
 * </ul>
 * Such tables are not selected (not created, copied, verified or replicated) unless the task names them exactly in
 * {@code tables:}; the replicator applies the shadow's ALTER to the original table when the tool swaps it in.
 */
public final class OnlineDdlTables {
    /** The tool a table belongs to. */
    public enum Tool {
        GH_OST("gh-ost"), PT_OSC("pt-online-schema-change");

        private final String label;

        Tool(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What the table is for: the altered copy, the tool's bookkeeping, or the original moved away. */
    public enum Role {
        SHADOW, CHANGELOG, TRASH
    }

    /** A tool's table: which tool, what for, and the original table's name as the name tells it. */
    public record ToolTable(Tool tool, Role role, String original) {
        public String describe() {
            return tool.label() + " " + switch (role) {
                case SHADOW -> "shadow table";
                case CHANGELOG -> "changelog table";
                case TRASH -> "old table";
            } + " of " + original;
        }
    }

    private record Rule(Tool tool, Role role, Pattern pattern) {
    }

    private static final Rule[] RULES = {
        new Rule(Tool.GH_OST, Role.SHADOW, Pattern.compile("_(.+)_gho")),
        new Rule(Tool.GH_OST, Role.CHANGELOG, Pattern.compile("_(.+)_gh[ck]")),
        new Rule(Tool.GH_OST, Role.TRASH, Pattern.compile("_(.+?)(?:_\\d{14})?_(?:rev_)?del")),
        new Rule(Tool.PT_OSC, Role.SHADOW, Pattern.compile("_+(.+)_new")),
        new Rule(Tool.PT_OSC, Role.TRASH, Pattern.compile("(?:[A-Z0-9]{6}_)?_+(.+)_old")),
    };
    private static final Pattern PT_OSC_TRIGGER = Pattern.compile("pt_osc_.+_(?:ins|upd|del)");

    private final OnlineDdl mode;

    public OnlineDdlTables(OnlineDdl mode) {
        this.mode = mode == null ? OnlineDdl.AUTO : mode;
    }

    public OnlineDdl mode() {
        return mode;
    }

    /** The tool table this name is, under the task's setting; empty for an ordinary table. */
    public Optional<ToolTable> classify(String table) {
        if (table == null || mode == OnlineDdl.OFF) {
            return Optional.empty();
        }
        for (Rule r : RULES) {
            if (!uses(r.tool())) {
                continue;
            }
            Matcher m = r.pattern().matcher(table);
            if (m.matches()) {
                return Optional.of(new ToolTable(r.tool(), r.role(), m.group(1)));
            }
        }
        return Optional.empty();
    }

    /** True for the triggers pt-online-schema-change puts on the original table to fill its shadow. */
    public boolean isToolTrigger(String trigger) {
        return trigger != null && uses(Tool.PT_OSC) && PT_OSC_TRIGGER.matcher(trigger).matches();
    }

    private boolean uses(Tool tool) {
        return switch (mode) {
            case AUTO -> true;
            case GH_OST -> tool == Tool.GH_OST;
            case PT_OSC -> tool == Tool.PT_OSC;
            case OFF -> false;
        };
    }
}
