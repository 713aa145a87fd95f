package dev.sluice.workflow;

import static dev.sluice.workflow.SfnTestSupport.json;
import static dev.sluice.workflow.SfnTestSupport.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.workflow.asl.AslDefinition;
import dev.sluice.workflow.engine.StatesError;
import dev.sluice.workflow.path.JsonPaths;
import dev.sluice.workflow.path.PayloadTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Choice comparison operators and JSONPath/ResultPath processing, case by case. */
class ChoiceAndPathsTest {
    private static final JsonNode INPUT = json(q("{'s':'abc','s2':'abd','n':10,'n2':10.0,'b':true,'nul':null,"
            + "'ts':'2024-01-02T03:04:05Z','ts2':'2024-01-02T05:04:05+02:00','arr':[1,2],'file':'log-2024.txt'}"));

    /** Evaluates one rule (as JSON with single quotes) against {@link #INPUT}. */
    private static boolean rule(String rule) {
        com.fasterxml.jackson.databind.node.ObjectNode r = (com.fasterxml.jackson.databind.node.ObjectNode) json(q(rule));
        r.put("Next", "D");
        String def = q("{'StartAt':'C','States':{'C':{'Type':'Choice','Choices':[") + r + q("]},'D':{'Type':'Succeed'}}}");
        AslDefinition d = AslDefinition.parse(def);
        return d.top().state("C").choices().get(0).matches(INPUT, JsonNodeFactory.instance.objectNode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'Variable':'$.s','StringEquals':'abc'}|true",
        "{'Variable':'$.s','StringEqualsPath':'$.s2'}|false",
        "{'Variable':'$.s','StringLessThan':'abd'}|true",
        "{'Variable':'$.s','StringLessThanPath':'$.s2'}|true",
        "{'Variable':'$.s','StringGreaterThan':'abc'}|false",
        "{'Variable':'$.s','StringGreaterThanEquals':'abc'}|true",
        "{'Variable':'$.s','StringLessThanEquals':'abb'}|false",
        "{'Variable':'$.file','StringMatches':'log-*.txt'}|true",
        "{'Variable':'$.file','StringMatches':'log-\\\\*.txt'}|false",
        "{'Variable':'$.n','NumericEquals':10}|true",
        "{'Variable':'$.n','NumericEqualsPath':'$.n2'}|true",
        "{'Variable':'$.n','NumericLessThan':10.5}|true",
        "{'Variable':'$.n','NumericGreaterThan':10}|false",
        "{'Variable':'$.n','NumericGreaterThanEquals':10}|true",
        "{'Variable':'$.n','NumericLessThanEquals':9}|false",
        "{'Variable':'$.n','NumericGreaterThanPath':'$.arr[1]'}|true",
        "{'Variable':'$.s','NumericEquals':10}|false",
        "{'Variable':'$.b','BooleanEquals':true}|true",
        "{'Variable':'$.b','BooleanEqualsPath':'$.b'}|true",
        "{'Variable':'$.ts','TimestampEquals':'2024-01-02T03:04:05Z'}|true",
        "{'Variable':'$.ts','TimestampEqualsPath':'$.ts2'}|true",
        "{'Variable':'$.ts','TimestampLessThan':'2024-01-02T03:04:06Z'}|true",
        "{'Variable':'$.ts','TimestampGreaterThan':'2024-01-02T03:04:06Z'}|false",
        "{'Variable':'$.ts','TimestampGreaterThanEquals':'2024-01-02T03:04:05Z'}|true",
        "{'Variable':'$.ts','TimestampLessThanEquals':'2023-01-02T03:04:05Z'}|false",
        "{'Variable':'$.ts','TimestampLessThanPath':'$.ts2'}|false",
        "{'Variable':'$.s','TimestampEquals':'2024-01-02T03:04:05Z'}|false",
        "{'Variable':'$.nul','IsNull':true}|true",
        "{'Variable':'$.s','IsNull':true}|false",
        "{'Variable':'$.missing','IsPresent':false}|true",
        "{'Variable':'$.s','IsPresent':true}|true",
        "{'Variable':'$.n','IsNumeric':true}|true",
        "{'Variable':'$.s','IsNumeric':true}|false",
        "{'Variable':'$.s','IsString':true}|true",
        "{'Variable':'$.b','IsBoolean':true}|true",
        "{'Variable':'$.ts','IsTimestamp':true}|true",
        "{'Variable':'$.s','IsTimestamp':false}|true",
        "{'And':[{'Variable':'$.n','NumericEquals':10},{'Variable':'$.b','BooleanEquals':false}]}|false",
        "{'Or':[{'Variable':'$.n','NumericEquals':11},{'Variable':'$.b','BooleanEquals':true}]}|true",
        "{'Not':{'Variable':'$.s','StringEquals':'abc'}}|false",
    })
    void comparison(String rule, boolean expected) {
        assertEquals(expected, rule(rule), rule);
    }

    @Test
    void missingVariableIsARuntimeError() {
        StatesError e = assertThrows(StatesError.class, () -> rule("{'Variable':'$.missing','StringEquals':'x'}"));
        assertEquals("States.Runtime", e.error());
    }

    @Test
    void resultPathCases() {
        JsonNode input = json(q("{'a':{'b':1},'list':[0,1]}"));
        JsonNode result = json("\"r\"");
        assertEquals(result, JsonPaths.applyResultPath("$", input, result));
        assertEquals(input, JsonPaths.applyResultPath(null, input, result));
        assertEquals(json(q("{'a':{'b':1,'c':'r'},'list':[0,1]}")), JsonPaths.applyResultPath("$.a.c", input, result));
        assertEquals(json(q("{'a':{'b':1},'list':[0,1],'x':{'y':{'z':'r'}}}")), JsonPaths.applyResultPath("$.x.y.z", input, result));
        assertEquals(json(q("{'a':{'b':1},'list':[0,'r']}")), JsonPaths.applyResultPath("$.list[1]", input, result));
        assertEquals(json(q("{'a':{'b':1},'list':[0,1],'odd key':'r'}")), JsonPaths.applyResultPath("$['odd key']", input, result));
        // The input itself is never modified.
        assertEquals(json(q("{'a':{'b':1},'list':[0,1]}")), input);
        StatesError e = assertThrows(StatesError.class, () -> JsonPaths.applyResultPath("$.a.b.c", input, result));
        assertEquals("States.ResultPathMatchFailure", e.error());
    }

    @Test
    void pathsReadFromDocsExamples() {
        // AWS docs "Paths" example input.
        JsonNode in = json(q("{'foo':123,'bar':['a','b','c'],'car':{'cdr':true}}"));
        JsonNode ctx = JsonNodeFactory.instance.objectNode();
        assertEquals(json("123"), JsonPaths.read("$.foo", in, ctx));
        assertEquals(json(q("['a','b','c']")), JsonPaths.read("$.bar", in, ctx));
        assertEquals(json("true"), JsonPaths.read("$.car.cdr", in, ctx));
        assertEquals(json(q("['b','c']")), JsonPaths.read("$.bar[1:]", in, ctx));
        assertEquals(json(q("'c'")), JsonPaths.read("$.bar[2]", in, ctx));
        StatesError e = assertThrows(StatesError.class, () -> JsonPaths.read("$.nope", in, ctx));
        assertEquals("States.Runtime", e.error());
        // Filters and wildcards in Parameters yield arrays.
        JsonNode people = json(q("{'people':[{'name':'a','age':30},{'name':'b','age':17}]}"));
        assertEquals(json(q("{'adults':['a'],'names':['a','b']}")), PayloadTemplate.apply(
                json(q("{'adults.$':'$.people[?(@.age >= 18)].name','names.$':'$.people[*].name'}")), people, ctx));
    }
}
