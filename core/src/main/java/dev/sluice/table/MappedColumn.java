package dev.sluice.table;

import java.util.List;

/** A source column with the name it has on the destination (after the task's name mapping). */
public record MappedColumn(Column column, String destinationName) {

    public String name() {
        return column.name();
    }

    public String dataType() {
        return column.dataType();
    }

    public String columnType() {
        return column.columnType();
    }

    public boolean nullable() {
        return column.nullable();
    }

    public Column.Kind kind() {
        return column.kind();
    }

    public boolean isInteger() {
        return column.isInteger();
    }

    /** The model columns of mapped columns. */
    public static List<Column> columns(List<MappedColumn> mapped) {
        return mapped.stream().map(MappedColumn::column).toList();
    }

    public static List<String> destinationNames(List<MappedColumn> mapped) {
        return mapped.stream().map(MappedColumn::destinationName).toList();
    }
}
