package dev.sluice.workflow.asl;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed and validated Amazon States Language state machine definition. */
public final class AslDefinition {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private final String json;
    private final Branch top;
    private final Integer timeoutSeconds;

    AslDefinition(String json, Branch top, Integer timeoutSeconds) {
        this.json = json;
        this.top = top;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Parses and validates; throws {@link AslValidationException} naming the state and field at fault. */
    public static AslDefinition parse(String json) {
        return new AslParser().parse(json);
    }

    /** Replaces `${Name}` placeholders (DefinitionSubstitutions) and then parses; a missing value is a load error. */
    public static AslDefinition parse(String json, Map<String, String> substitutions) {
        return parse(substitute(json, substitutions));
    }

    /** Replaces `${Name}` placeholders with their values; throws naming the first placeholder without a value. */
    public static String substitute(String json, Map<String, String> substitutions) {
        Matcher m = PLACEHOLDER.matcher(json);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = substitutions == null ? null : substitutions.get(key);
            if (value == null) {
                throw new AslValidationException("DefinitionSubstitutions: no value for placeholder '${" + key
                        + "}'; add '" + key + "' to the substitutions");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The definition text as given (after substitution). */
    public String json() {
        return json;
    }

    public String startAt() {
        return top.startAt();
    }

    /** The top-level states. */
    public Branch top() {
        return top;
    }

    /** The execution timeout (top-level TimeoutSeconds), or null for none. */
    public Integer timeoutSeconds() {
        return timeoutSeconds;
    }
}
