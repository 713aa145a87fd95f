package dev.sluice.task;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether a source database, table or column is selected by a task's {@code objects:} rules
 * ({@code *} and {@code ?} wildcards; an exclusion wins over an inclusion). The tables and triggers of online
 * schema change tools ({@link OnlineDdlTables}) are left out unless a rule names the table exactly.
 */
public final class ObjectFilter {
    private final List<ObjectSelection> selections;
    private final OnlineDdlTables onlineDdl;

    /** A filter that treats every table as ordinary ({@code online_ddl: off}). */
    public ObjectFilter(List<ObjectSelection> selections) {
        this(selections, TaskOptions.OnlineDdl.OFF);
    }

    public ObjectFilter(List<ObjectSelection> selections, TaskOptions.OnlineDdl onlineDdl) {
        this.selections = List.copyOf(selections);
        this.onlineDdl = new OnlineDdlTables(onlineDdl);
    }

    /** How the task recognises the tables of online schema change tools. */
    public OnlineDdlTables onlineDdl() {
        return onlineDdl;
    }

    /**
     * The online schema change tool table {@code db.table} is, when its database is selected and no rule names it
     * exactly (then it is not selected: {@link #includesTable}); empty otherwise.
     */
    public Optional<OnlineDdlTables.ToolTable> toolTable(String database, String table) {
        Optional<OnlineDdlTables.ToolTable> t = onlineDdl.classify(table);
        if (t.isEmpty() || !includesDatabase(database) || namedExactly(database, table)) {
            return Optional.empty();
        }
        return t;
    }

    /** A trigger of a selected table, except the triggers an online schema change tool created. */
    public boolean includesTrigger(String database, String trigger, String table) {
        return includesTable(database, table) && !onlineDdl.isToolTrigger(trigger);
    }

    /** True when some table of this database may be selected. */
    public boolean includesDatabase(String database) {
        return selections.stream().anyMatch(s -> matches(s.database(), database));
    }

    public boolean includesTable(String database, String table) {
        return selectionFor(database, table).isPresent() && toolTable(database, table).isEmpty();
    }

    private boolean namedExactly(String database, String table) {
        return selections.stream().filter(s -> matches(s.database(), database))
                .filter(s -> s.excludeTablesOrNone().stream().noneMatch(p -> matches(p, table)))
                .anyMatch(s -> s.tablesOrAll().contains(table));
    }

    /** The selected columns of a table, or empty when all columns are selected. */
    public List<String> columns(String database, String table) {
        return selectionFor(database, table)
                .map(s -> s.columnsOrNone().getOrDefault(table, List.of()))
                .orElse(List.of());
    }

    /** The row filter of a selected table, or null when every row is taken. */
    public RowFilter rowFilter(String database, String table) {
        return selectionFor(database, table).map(s -> s.whereOrNone().get(table)).map(RowFilter::parse)
                .orElse(null);
    }

    public boolean includesColumn(String database, String table, String column) {
        List<String> cols = columns(database, table);
        return cols.isEmpty() || cols.stream().anyMatch(c -> c.equalsIgnoreCase(column));
    }

    private Optional<ObjectSelection> selectionFor(String database, String table) {
        return selections.stream()
                .filter(s -> matches(s.database(), database))
                .filter(s -> s.tablesOrAll().stream().anyMatch(p -> matches(p, table)))
                .filter(s -> s.excludeTablesOrNone().stream().noneMatch(p -> matches(p, table)))
                .findFirst();
    }

    /** Glob match ({@code *}, {@code ?}); case-sensitive like MySQL names on Linux. */
    public static boolean matches(String glob, String name) {
        if (glob == null || name == null) {
            return false;
        }
        if (glob.indexOf('*') < 0 && glob.indexOf('?') < 0) {
            return glob.equals(name);
        }
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return name.matches(re.toString());
    }

    public static boolean isPattern(String name) {
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0;
    }
}
