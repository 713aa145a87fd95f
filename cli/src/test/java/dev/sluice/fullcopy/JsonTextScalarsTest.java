package dev.sluice.fullcopy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The binary size model of {@link JsonTextScalars} against JSON_STORAGE_SIZE values measured on MySQL 8.0.31 and
 * 5.7.22 (both print and store these alike), and the scalars it reports with their paths.
 */
class JsonTextScalarsTest {
    @Test
    void binarySizeIsWhatMysqlStoresForTheParsedText() {
        assertEquals(14, JsonTextScalars.binarySize("[1, 2, 3]"));
        assertEquals(8, JsonTextScalars.binarySize("[5]"));
        assertEquals(16, JsonTextScalars.binarySize("[1.5]"));
        assertEquals(16, JsonTextScalars.binarySize("[18446744073709551615]"));
        assertEquals(47, JsonTextScalars.binarySize("[1.5, 2, \"x\", {\"a\": 1e300}]"));
        assertEquals(9, JsonTextScalars.binarySize("-0.0"));
        assertEquals(3, JsonTextScalars.binarySize("-0"));
        assertEquals(8, JsonTextScalars.binarySize("[-0]"));
        assertEquals(54, JsonTextScalars.binarySize("{\"a\": \"2020-01-02\", \"b\": [1, {\"x\": 2}]}"));
        assertEquals(35, JsonTextScalars.binarySize("[\"2020-01-02 03:04:05.123456\"]"));
        assertEquals(19, JsonTextScalars.binarySize("[\"2020-01-02\"]"));
        assertEquals(28, JsonTextScalars.binarySize("\"2020-01-02 03:04:05.000000\""));
        assertEquals(27, JsonTextScalars.binarySize("[\"base64:type15:AP8=\"]"));
    }

    @Test
    void reportsNumbersAndTemporalLookingStringsWithTheirPaths() {
        List<JsonTextScalars.Scalar> s = JsonTextScalars.of(
                "{\"a\": [1, \"x\", \"2020-01-02\"], \"b\\\"c\": {\"d\": 1.50, \"e\": \"base64:type15:AP8=\"}, "
                        + "\"t\": true}");
        assertEquals(List.of(new JsonTextScalars.Scalar("$.\"a\"[0]", "1", false),
                new JsonTextScalars.Scalar("$.\"a\"[2]", "2020-01-02", true),
                new JsonTextScalars.Scalar("$.\"b\\\"c\".\"d\"", "1.50", false),
                new JsonTextScalars.Scalar("$.\"b\\\"c\".\"e\"", "base64:type15:AP8=", true)), s);
    }
}
