package dev.sluice.workflow.engine;

/** A thread of control inside an execution (top level, Parallel branch, Map iteration) with its resume bookkeeping. */
final class Frame {
    final String id;
    long step;
    long version;
    long lastEventId;

    Frame(String id, long version, long lastEventId) {
        this.id = id;
        this.version = version;
        this.lastEventId = lastEventId;
    }

    /** The frame id of child {@code index} of the Map/Parallel state entered at the current step. */
    String childId(int index) {
        return id + "/" + step + ":" + index;
    }

    /** The prefix shared by all frames under the Map/Parallel state entered at the current step. */
    String childPrefix() {
        return id + "/" + step + ":";
    }
}
