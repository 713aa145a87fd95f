package dev.sluice.fidelity;

import dev.sluice.fidelity.MatrixLayout.Cell;
import dev.sluice.fidelity.MatrixLayout.KeyKind;
import dev.sluice.fidelity.MatrixLayout.Path;
import dev.sluice.fidelity.TypeCatalog.Column;
import dev.sluice.fidelity.TypeCatalog.Family;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The expected outcome of every cell of the fidelity matrix. A cell (pair, type family, key kind, path, column,
 * value) is expected <b>equal</b> on both sides unless a documented limit below covers it; then the matrix's line
 * for it must say what the limit says (a value arriving changed in a stated way, or the engine refusing with a
 * stated message). Both directions are asserted: a cell that differs without a limit fails, and so does a cell a
 * limit covers that arrives equal (the limit is gone: remove it here and in docs/fidelity.md). Nothing is skipped.
 */
final class MatrixExpectations {
    private MatrixExpectations() {
    }

    /** Which value of a cell a limit is about. */
    enum Touch {
        /** the value the row holds at the end (the value, or on UPDATE_FROM the next value) */
        RESULT,
        /** the value the row ends with or, on UPDATE_FROM, the one it held before (a keyless before-image) */
        BEFORE_OR_RESULT
    }

    /**
     * One line of a matrix run: a differing cell ({@code cell} set, {@code tables} its table) or an engine failure
     * of a task ({@code cell} null, {@code tables} the task's tables).
     */
    record Finding(List<String> tables, Cell cell, String line) {
        static Finding cell(String table, Cell cell, String line) {
            return new Finding(List.of(table), cell, line);
        }

        static Finding failure(List<String> tables, String line) {
            return new Finding(List.copyOf(tables), null, line);
        }
    }

    /** A documented limit on value cells: the cells it covers and what each cell's line must contain. */
    record Limit(String why, Pattern pairs, Set<String> families, Set<KeyKind> keys, Set<Path> paths,
                 Set<String> values, Touch touch, Pattern outcome) {
        boolean covers(String pair, Cell c) {
            if (!pairs.matcher(pair).matches() || !families.contains(c.family().name()) || !keys.contains(c.key())
                    || !paths.contains(c.path())) {
                return false;
            }
            List<String> vs = c.column().values();
            String result = c.path() == Path.UPDATE_FROM ? vs.get((c.value() + 1) % vs.size()) : vs.get(c.value());
            return values.contains(result)
                    || touch == Touch.BEFORE_OR_RESULT && c.path() == Path.UPDATE_FROM && values.contains(vs.get(c.value()));
        }
    }

    /** A documented refusal: the engine stops a table's task with a message matching {@code message}. */
    record Refusal(String why, Pattern pairs, Pattern table, Pattern message) {
    }


    /**
     * The documented limits (docs/fidelity.md, "What is supported per pair"). None today: invalid partial dates,
     * the last one, arrive exactly since the binlog's DATE/DATETIME are decoded by Sluice (BinlogDates).
     */
    static final List<Limit> LIMITS = List.of();

    static final List<Refusal> REFUSALS = List.of();

    /**
     * What does not match the expectations for one pair: findings no limit explains, and cells a limit covers that
     * arrived equal (or refusals that did not happen). Empty when every cell had its expected outcome.
     */
    static List<String> check(String pair, List<Family> families, List<KeyKind> keyKinds, List<Finding> findings) {
        List<String> out = new ArrayList<>();
        Set<String> failed = new java.util.HashSet<>();
        for (Finding f : findings) {
            if (f.cell() == null) {
                failed.addAll(f.tables());
                if (!explained(pair, f)) {
                    out.add("UNEXPECTED ENGINE FAILURE (the later cells of its task are consequences): " + f.line());
                }
            }
        }
        for (Finding f : findings) {
            // the cells of a task the engine stopped are consequences of the stop, reported (or expected) above
            if (f.cell() != null && !failed.contains(f.tables().get(0)) && !explained(pair, f)) {
                out.add("UNEXPECTED (expected equal): " + f.line());
            }
        }
        for (Family fam : families) {
            for (KeyKind k : keyKinds) {
                String table = MatrixLayout.table(fam, k);
                boolean refused = failed.contains(table);
                for (Refusal r : REFUSALS) {
                    if (r.pairs().matcher(pair).matches() && r.table().matcher(table).matches() && !refused) {
                        out.add("EXPECTED REFUSAL DID NOT HAPPEN (" + r.why() + "): " + pair + " | " + table
                                + "; remove it from MatrixExpectations and docs/fidelity.md");
                    }
                }
                if (refused) {
                    continue; // a refused table's cells are consequences of the refusal
                }
                for (Path p : Path.values()) {
                    for (int ci = 0; ci < fam.columns().size(); ci++) {
                        Column col = fam.columns().get(ci);
                        for (int v = 0; v < col.values().size(); v++) {
                            Cell c = new Cell(fam, k, p, col, v, false);
                            Limit l = LIMITS.stream().filter(x -> x.covers(pair, c)).findFirst().orElse(null);
                            if (l != null && findings.stream().noneMatch(f -> sameCell(f.cell(), c))) {
                                out.add("EXPECTED A DOCUMENTED LIMIT BUT THE CELL IS EQUAL (" + l.why() + "): " + pair
                                        + " | " + table + " | " + p.label + " | " + col.type() + " | "
                                        + c.valueLiteral() + "; remove the limit from MatrixExpectations and "
                                        + "docs/fidelity.md");
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static boolean explained(String pair, Finding f) {
        if (f.cell() == null) {
            return REFUSALS.stream().anyMatch(r -> r.pairs().matcher(pair).matches()
                    && f.tables().stream().anyMatch(t -> r.table().matcher(t).matches())
                    && r.message().matcher(f.line()).find());
        }
        return LIMITS.stream().anyMatch(l -> l.covers(pair, f.cell()) && l.outcome().matcher(f.line()).find());
    }

    private static boolean sameCell(Cell a, Cell b) {
        return a != null && a.family().name().equals(b.family().name()) && a.key() == b.key()
                && a.path() == b.path() && a.column().name().equals(b.column().name()) && a.value() == b.value();
    }
}
