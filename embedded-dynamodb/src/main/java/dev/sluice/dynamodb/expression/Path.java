package dev.sluice.dynamodb.expression;

import java.util.List;

/** A resolved document path such as {@code a.b[0].c}: a list of attribute names (String) and list indexes (Integer). */
public record Path(List<Object> elements) {
    public Path {
        elements = List.copyOf(elements);
    }

    public String topLevel() {
        return (String) elements.get(0);
    }

    public boolean isTopLevel() {
        return elements.size() == 1;
    }

    /** Whether this path equals {@code other} or is a prefix of it (or vice versa). */
    public boolean overlaps(Path other) {
        int n = Math.min(elements.size(), other.elements.size());
        return elements.subList(0, n).equals(other.elements.subList(0, n));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(elements.get(i) instanceof Integer ? "[" + elements.get(i) + "]" : elements.get(i));
        }
        return sb.append(']').toString();
    }
}
