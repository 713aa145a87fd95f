package dev.sluice.workflow.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Durable storage of state machines, executions, history events and resume continuations. */
public interface ExecutionStore {
    /** Creates the table if it does not exist yet. */
    void ensureTable();

    /** Stores a new state machine; returns false when one with that name already exists. */
    boolean createStateMachine(StateMachineRecord r);

    /** Replaces a state machine, conditional on {@code r.version()}; returns the record with its new version. */
    StateMachineRecord updateStateMachine(StateMachineRecord r);

    Optional<StateMachineRecord> stateMachine(String name);

    Page<StateMachineRecord> listStateMachines(int maxResults, String nextToken);

    /** Stores a new RUNNING execution (and its listing and running-index entries); false when the ARN exists. */
    boolean createExecution(ExecutionRecord r);

    /** The execution without its definition snapshot (see {@link #executionDefinition}). */
    Optional<ExecutionRecord> execution(String arn);

    /** The definition the execution was started with. */
    String executionDefinition(String arn);

    /**
     * Writes the execution conditional on {@code r.version()} (throws {@link StoreConflictException} when someone else
     * wrote first) and keeps the listing and running index in step; returns the record with its new version.
     */
    ExecutionRecord updateExecution(ExecutionRecord r);

    /** Executions of a state machine, newest first, optionally only those with the given status. */
    Page<ExecutionRecord> listExecutions(String stateMachineArn, String statusFilter, int maxResults, String nextToken);

    /** ARNs of all executions whose status is RUNNING (to resume after a restart). */
    List<String> runningExecutions();

    /** Appends one history event (its "id" field is the sequence number). */
    void appendEvent(String executionArn, ObjectNode event);

    /** The highest event id stored for the execution, 0 when none. */
    long lastEventId(String executionArn);

    Page<ObjectNode> history(String executionArn, int maxResults, String nextToken, boolean reverseOrder);

    /** Writes a continuation conditional on {@code f.version()} (0 = must not exist); returns it with its new version. */
    FrameRecord saveFrame(String executionArn, FrameRecord f);

    /** All continuations of an execution, by frame id. */
    Map<String, FrameRecord> frames(String executionArn);

    /** Deletes the continuations whose frame id starts with the prefix (all of them for ""). */
    void deleteFrames(String executionArn, String frameIdPrefix);
}
