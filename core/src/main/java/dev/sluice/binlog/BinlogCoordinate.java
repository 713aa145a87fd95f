package dev.sluice.binlog;

/**
 * A place in one source server's binlog stream at row granularity: the binlog file and byte position of a
 * transaction's first event (or of the next transaction after a commit), plus the number of rows of that
 * transaction already applied. Coordinates order every row change of the stream, so a worker can skip exactly the
 * changes it committed before a restart.
 */
public record BinlogCoordinate(String file, long position, long rowIndex) implements Comparable<BinlogCoordinate> {

    public static final BinlogCoordinate ZERO = new BinlogCoordinate("", 0, 0);

    @Override
    public int compareTo(BinlogCoordinate o) {
        int c = compareFiles(file, o.file);
        if (c != 0) {
            return c;
        }
        c = Long.compare(position, o.position);
        return c != 0 ? c : Long.compare(rowIndex, o.rowIndex);
    }

    /** Binlog file names share a base name and end in a zero-padded, growing sequence number. */
    static int compareFiles(String a, String b) {
        long na = sequence(a);
        long nb = sequence(b);
        if (na >= 0 && nb >= 0 && na != nb) {
            return Long.compare(na, nb);
        }
        return a.compareTo(b);
    }

    private static long sequence(String file) {
        int dot = file.lastIndexOf('.');
        if (dot < 0 || dot == file.length() - 1) {
            return -1;
        }
        try {
            return Long.parseLong(file.substring(dot + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public boolean isBefore(BinlogCoordinate o) {
        return compareTo(o) < 0;
    }

    /** e.g. "binlog.000003:1547" or "binlog.000003:1547 (row 2000 of the transaction)". */
    public String describe() {
        return file + ":" + position + (rowIndex > 0 ? " (after row " + rowIndex + " of the transaction)" : "");
    }
}
