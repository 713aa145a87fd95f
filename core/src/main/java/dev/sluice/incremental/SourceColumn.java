package dev.sluice.incremental;

/** One column of a source table as the binlog decoder needs it: its name and whether it is an unsigned number. */
public record SourceColumn(String name, boolean unsigned) {
}
