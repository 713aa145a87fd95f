package dev.sluice.workflow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One parsed, validated ASL state. Fields that a state type does not accept stay null; path fields hold null for an
 * explicit JSON null (InputPath/OutputPath/ResultPath) and "$" when absent.
 */
public final class State {
    String name;
    StateType type;
    String next;
    boolean end;
    String inputPath = "$";
    String outputPath = "$";
    String resultPath = "$";
    JsonNode parameters;
    JsonNode resultSelector;
    JsonNode result;
    List<Retrier> retry = List.of();
    List<Catcher> catchers = List.of();
    // Task
    TaskResource resource;
    Integer timeoutSeconds;
    String timeoutSecondsPath;
    Integer heartbeatSeconds;
    String heartbeatSecondsPath;
    // Choice
    List<ChoiceRule> choices = List.of();
    String defaultNext;
    // Wait
    Long seconds;
    String secondsPath;
    String timestamp;
    String timestampPath;
    // Fail
    String error;
    String errorPath;
    String cause;
    String causePath;
    // Parallel
    List<Branch> branches = List.of();
    // Map
    Branch itemProcessor;
    boolean distributed;
    String itemsPath = "$";
    JsonNode itemSelector;
    Integer maxConcurrency;
    String maxConcurrencyPath;
    Double toleratedFailurePercentage;
    String toleratedFailurePercentagePath;
    Integer toleratedFailureCount;
    String toleratedFailureCountPath;

    public String name() { return name; }
    public StateType type() { return type; }
    public String next() { return next; }
    public boolean end() { return end; }
    public String inputPath() { return inputPath; }
    public String outputPath() { return outputPath; }
    public String resultPath() { return resultPath; }
    public JsonNode parameters() { return parameters; }
    public JsonNode resultSelector() { return resultSelector; }
    public JsonNode result() { return result; }
    public List<Retrier> retry() { return retry; }
    public List<Catcher> catchers() { return catchers; }
    public TaskResource resource() { return resource; }
    public Integer timeoutSeconds() { return timeoutSeconds; }
    public String timeoutSecondsPath() { return timeoutSecondsPath; }
    public Integer heartbeatSeconds() { return heartbeatSeconds; }
    public String heartbeatSecondsPath() { return heartbeatSecondsPath; }
    public List<ChoiceRule> choices() { return choices; }
    public String defaultNext() { return defaultNext; }
    public Long seconds() { return seconds; }
    public String secondsPath() { return secondsPath; }
    public String timestamp() { return timestamp; }
    public String timestampPath() { return timestampPath; }
    public String error() { return error; }
    public String errorPath() { return errorPath; }
    public String cause() { return cause; }
    public String causePath() { return causePath; }
    public List<Branch> branches() { return branches; }
    public Branch itemProcessor() { return itemProcessor; }
    public boolean distributed() { return distributed; }
    public String itemsPath() { return itemsPath; }
    public JsonNode itemSelector() { return itemSelector; }
    public Integer maxConcurrency() { return maxConcurrency; }
    public String maxConcurrencyPath() { return maxConcurrencyPath; }
    public Double toleratedFailurePercentage() { return toleratedFailurePercentage; }
    public String toleratedFailurePercentagePath() { return toleratedFailurePercentagePath; }
    public Integer toleratedFailureCount() { return toleratedFailureCount; }
    public String toleratedFailureCountPath() { return toleratedFailureCountPath; }

    @Override
    public String toString() {
        return type + " state '" + name + "'";
    }
}
