package dev.sluice.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.workflow.asl.AslDefinition;
import dev.sluice.workflow.asl.AslValidationException;
import dev.sluice.workflow.asl.State;
import dev.sluice.workflow.asl.StateType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Load-time validation: invalid or unsupported ASL fails with the state's name and the field. */
class AslValidationTest {

    private static String message(String json) {
        return assertThrows(AslValidationException.class, () -> AslDefinition.parse(json)).getMessage();
    }

    private static String machine(String states, String startAt) {
        return "{\"StartAt\":\"" + startAt + "\",\"States\":{" + states + "}}";
    }

    @Test
    void unknownFieldNamesStateAndField() {
        String json = machine("\"CopyChunks\":{\"Type\":\"Map\",\"Foo\":1,\"ItemProcessor\":{\"StartAt\":\"P\","
                + "\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}", "CopyChunks");
        assertEquals("State 'CopyChunks': field 'Foo' is not valid ASL for a Map state", message(json));
    }

    @Test
    void unsupportedMapFieldsAreRejectedWithReason() {
        String json = machine("\"M\":{\"Type\":\"Map\",\"ItemReader\":{},\"ItemProcessor\":{\"StartAt\":\"P\","
                + "\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}", "M");
        String msg = message(json);
        assertTrue(msg.startsWith("State 'M': field 'ItemReader' is not valid ASL for a Map state"), msg);
        assertTrue(msg.contains("not supported by the local runner"), msg);
    }

    @Test
    void fieldOfAnotherStateType() {
        assertEquals("State 'P': field 'Resource' is not valid ASL for a Pass state",
                message(machine("\"P\":{\"Type\":\"Pass\",\"Resource\":\"x\",\"End\":true}", "P")));
    }

    @Test
    void nextToMissingState() {
        String msg = message(machine("\"A\":{\"Type\":\"Pass\",\"Next\":\"Nowhere\"}", "A"));
        assertTrue(msg.startsWith("State 'A': field 'Next' refers to missing state 'Nowhere'"), msg);
    }

    @Test
    void missingNextAndEnd() {
        assertEquals("State 'A': a Pass state needs field 'Next' or 'End': true",
                message(machine("\"A\":{\"Type\":\"Pass\"}", "A")));
    }

    @Test
    void unknownStateType() {
        assertTrue(message(machine("\"A\":{\"Type\":\"Sleep\",\"End\":true}", "A"))
                .startsWith("State 'A': field 'Type' value 'Sleep' is not an ASL state type"));
    }

    @Test
    void unknownIntrinsicFunction() {
        String msg = message(machine("\"A\":{\"Type\":\"Pass\",\"Parameters\":{\"x.$\":\"States.Frobnicate($.a)\"},"
                + "\"End\":true}", "A"));
        assertTrue(msg.startsWith("State 'A': field 'Parameters': 'x.$': 'States.Frobnicate' is not a known intrinsic"), msg);
    }

    @Test
    void unsupportedResources() {
        String msg = message(machine("\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke.waitForTaskToken\","
                + "\"Parameters\":{\"FunctionName\":\"f\"},\"End\":true}", "T"));
        assertTrue(msg.startsWith("State 'T': field 'Resource' value 'arn:aws:states:::lambda:invoke.waitForTaskToken' is not"
                + " a resource the local runner can run"), msg);
        msg = message(machine("\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::dynamodb:putItem\",\"End\":true}", "T"));
        assertTrue(msg.startsWith("State 'T': field 'Resource'"), msg);
        msg = message(machine("\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"End\":true}", "T"));
        assertEquals("State 'T': field 'Parameters' must contain 'FunctionName' for arn:aws:states:::lambda:invoke", msg);
    }

    @Test
    void badPathsAndRetryRules() {
        assertTrue(message(machine("\"A\":{\"Type\":\"Pass\",\"ResultPath\":\"$.a[*]\",\"End\":true}", "A"))
                .startsWith("State 'A': field 'ResultPath'"));
        assertTrue(message(machine("\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
                + "\"Parameters\":{\"FunctionName\":\"f\"},\"Retry\":[{\"ErrorEquals\":[\"States.ALL\"]},"
                + "{\"ErrorEquals\":[\"X\"]}],\"End\":true}", "T")).contains("'States.ALL' must appear alone and in the last entry"));
        assertTrue(message(machine("\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
                + "\"Parameters\":{\"FunctionName\":\"f\"},\"Retry\":[{\"ErrorEquals\":[\"X\"],\"Backoff\":2}],\"End\":true}", "T"))
                .equals("State 'T': Retry[0]: field 'Backoff' is not valid ASL for a retrier"));
    }

    @Test
    void choiceRuleErrorsNameTheRule() {
        String msg = message(machine("\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.x\",\"NumericEquals\":\"1\","
                + "\"Next\":\"D\"}]},\"D\":{\"Type\":\"Succeed\"}", "C"));
        assertEquals("State 'C': Choices[0]: field 'NumericEquals' must be a number, not \"1\"", msg);
    }

    @Test
    void unreachableStateAndDuplicateNames() {
        assertEquals("State 'B': the state is not reachable from 'A'",
                message(machine("\"A\":{\"Type\":\"Succeed\"},\"B\":{\"Type\":\"Succeed\"}", "A")));
        String dup = machine("\"A\":{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Succeed\"}}}],"
                + "\"End\":true}", "A");
        assertTrue(message(dup).contains("the name is used more than once"));
    }

    @Test
    void definitionSubstitutions() {
        String json = "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"${Invoke}\","
                + "\"Parameters\":{\"FunctionName\":\"${Fn}\"},\"End\":true}}}";
        AslDefinition def = AslDefinition.parse(json, Map.of("Invoke", "arn:aws:states:::lambda:invoke", "Fn", "copy"));
        State t = def.top().state("T");
        assertEquals(StateType.Task, t.type());
        assertEquals("copy", t.parameters().get("FunctionName").asText());
        AslValidationException e = assertThrows(AslValidationException.class,
                () -> AslDefinition.parse(json, Map.of("Invoke", "arn:aws:states:::lambda:invoke")));
        assertEquals("DefinitionSubstitutions: no value for placeholder '${Fn}'; add 'Fn' to the substitutions", e.getMessage());
    }

    @Test
    void toleratedFailuresOnlyForDistributedMaps() {
        String msg = message(machine("\"M\":{\"Type\":\"Map\",\"ToleratedFailureCount\":1,\"ItemProcessor\":{\"StartAt\":\"P\","
                + "\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}", "M"));
        assertEquals("State 'M': field 'ToleratedFailureCount' is only valid for a Map state with ProcessorConfig.Mode DISTRIBUTED", msg);
    }

    @Test
    void acceptsAllStateTypes() throws Exception {
        String json = new String(getClass().getResourceAsStream("/asl/all-states.asl.json").readAllBytes());
        AslDefinition def = AslDefinition.parse(json);
        assertEquals("Start", def.startAt());
    }
}
