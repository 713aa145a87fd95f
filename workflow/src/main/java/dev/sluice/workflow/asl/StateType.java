package dev.sluice.workflow.asl;

import java.util.Set;

/** The ASL state types with the fields each one accepts (JSONPath query language). */
public enum StateType {
    Pass("Next", "End", "InputPath", "OutputPath", "Parameters", "Result", "ResultPath"),
    Task("Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch",
            "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath"),
    Choice("Choices", "Default", "InputPath", "OutputPath"),
    Wait("Next", "End", "InputPath", "OutputPath", "Seconds", "SecondsPath", "Timestamp", "TimestampPath"),
    Succeed("InputPath", "OutputPath"),
    Fail("Error", "ErrorPath", "Cause", "CausePath"),
    Parallel("Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch",
            "Branches"),
    Map("Next", "End", "InputPath", "OutputPath", "ItemsPath", "ItemSelector", "Parameters", "ResultSelector",
            "ResultPath", "Retry", "Catch", "Iterator", "ItemProcessor", "MaxConcurrency", "MaxConcurrencyPath",
            "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ToleratedFailureCount",
            "ToleratedFailureCountPath", "Label");

    private final Set<String> fields;

    StateType(String... fields) {
        this.fields = Set.of(fields);
    }

    /** Whether the field is valid for this state type (Type, Comment and QueryLanguage are valid everywhere). */
    public boolean accepts(String field) {
        return fields.contains(field) || "Type".equals(field) || "Comment".equals(field) || "QueryLanguage".equals(field);
    }

    /** Whether the state transitions with Next/End (Choice, Succeed and Fail do not). */
    public boolean needsTransition() {
        return fields.contains("Next");
    }
}
