package dev.sluice.schema;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects the schema report entries of one run (duplicates dropped), grouped later per source database. */
public final class ChangeLog {
    /** A change with the source database it belongs to. */
    public record Entry(String database, SchemaChange change, boolean problem) {
    }

    private final Set<Entry> entries = new LinkedHashSet<>();

    /** Records a conversion: the object was created, but differently from the source. */
    public void change(String database, String object, String before, String after, String why) {
        entries.add(new Entry(database, new SchemaChange(object, clip(before), clip(after), why), false));
    }

    /** Records a problem: something could not be carried over faithfully and needs a DBA's look. */
    public void problem(String database, String object, String before, String after, String why) {
        entries.add(new Entry(database, new SchemaChange(object, clip(before), clip(after), why), true));
    }

    public List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        String one = s.strip();
        return one.length() <= 400 ? one : one.substring(0, 397) + "...";
    }
}
