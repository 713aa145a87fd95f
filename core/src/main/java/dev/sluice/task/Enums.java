package dev.sluice.task;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses task-file enum values written in kebab-case ({@code drop-and-create}) and lists the allowed ones. */
final class Enums {
    private Enums() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        String wanted = value == null ? "" : value.trim().replace('_', '-').toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (yamlName(e).equals(wanted)) {
                return e;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not allowed; allowed: "
                + Arrays.stream(type.getEnumConstants()).map(Enums::yamlName).collect(Collectors.joining(", ")));
    }

    static String yamlName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
