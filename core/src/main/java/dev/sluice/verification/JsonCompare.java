package dev.sluice.verification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Comparator;

/**
 * Compares two JSON texts as values: object member order and whitespace do not matter, numbers compare by value
 * (so MySQL's {@code 1.0} and MariaDB's {@code 1.00} are equal). Used when the two servers cannot print one
 * canonical JSON text.
 */
final class JsonCompare {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<JsonNode> NUMBERS = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private JsonCompare() {
    }

    static boolean equal(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.equals(b)) {
            return true;
        }
        try {
            return JSON.readTree(a).equals(NUMBERS, JSON.readTree(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
