package dev.sluice.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** Where a state sends control: the next state (null to end the branch), its output, and child frames to clean up. */
record Transition(String next, JsonNode output, String cleanupPrefix) {
}
