package dev.sluice.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Plain-text table with aligned columns for CLI reports; the last column is never padded, so long messages stay on
 * one line and the table stays greppable. Used by the connectivity and precheck reports.
 */
public final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final int maxWidth;

    /** A table with these column headings; cells wider than {@code maxWidth} (except the last) are cut with "...". */
    public TextTable(int maxWidth, String... header) {
        this.header = List.of(header);
        this.maxWidth = maxWidth;
    }

    public TextTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + header.size());
        }
        List<String> r = new ArrayList<>();
        for (String c : cells) {
            r.add(c == null ? "" : c.replace('\n', ' '));
        }
        rows.add(r);
        return this;
    }

    @Override
    public String toString() {
        int n = header.size();
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            width[i] = header.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], Math.min(maxWidth, r.get(i).length()));
            }
        }
        StringBuilder sb = new StringBuilder();
        append(sb, header, width);
        for (List<String> r : rows) {
            append(sb, r, width);
        }
        return sb.toString();
    }

    private void append(StringBuilder sb, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            boolean last = i == cells.size() - 1;
            if (!last && c.length() > width[i]) {
                c = c.substring(0, Math.max(0, width[i] - 3)) + "...";
            }
            line.append(c);
            if (!last) {
                line.append(" ".repeat(width[i] - c.length() + 2));
            }
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }
}
