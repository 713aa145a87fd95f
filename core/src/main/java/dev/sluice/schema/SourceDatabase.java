package dev.sluice.schema;

import java.util.List;

/** Everything Sluice migrates from one source database: its defaults, tables, views, routines, triggers, events. */
public record SourceDatabase(String name, String charset, String collation, List<SourceTable> tables,
                             List<SourceObject> views, List<SourceObject> routines, List<SourceObject> triggers,
                             List<SourceObject> events) {
}
