package dev.sluice.workflow.asl;

import java.util.Map;

/** A set of states with a start state: the top level of a definition, a Parallel branch or a Map item processor. */
public record Branch(String startAt, Map<String, State> states) {
    public State state(String name) {
        State s = states.get(name);
        if (s == null) {
            throw new IllegalStateException("no state '" + name + "' in this branch (states: " + states.keySet() + ")");
        }
        return s;
    }
}
