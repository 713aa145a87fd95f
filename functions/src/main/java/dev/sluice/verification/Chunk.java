package dev.sluice.verification;

import java.util.List;

/**
 * A key range of a table compared as one unit: lower bound inclusive, upper bound exclusive, null for open ends
 * (so rows beyond the source's last key, present only on the destination, are compared too). Bound values are
 * the key columns' normalized texts ({@code 0x...} for bytes).
 */
public record Chunk(int seq, List<String> lower, List<String> upper) {

    public static Chunk whole() {
        return new Chunk(0, null, null);
    }

    public String describe() {
        return (lower == null ? "(start" : "[" + String.join(",", lower)) + " .. "
                + (upper == null ? "end)" : String.join(",", upper) + ")");
    }
}
