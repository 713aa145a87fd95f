package dev.sluice.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.workflow.store.ExecutionRecord;
import dev.sluice.workflow.store.ExecutionStore;
import dev.sluice.workflow.store.FrameRecord;
import dev.sluice.workflow.store.Page;
import dev.sluice.workflow.store.StateMachineRecord;
import dev.sluice.workflow.store.StoreConflictException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Test-only store kept in memory, for interpreter tests that are not about persistence (no paging, one process). */
final class InMemoryExecutionStore implements ExecutionStore {
    private final Map<String, StateMachineRecord> machines = new TreeMap<>();
    private final Map<String, ExecutionRecord> executions = new LinkedHashMap<>();
    private final Map<String, ConcurrentSkipListMap<Long, ObjectNode>> events = new LinkedHashMap<>();
    private final Map<String, Map<String, FrameRecord>> frames = new LinkedHashMap<>();

    @Override
    public void ensureTable() {
    }

    @Override
    public synchronized boolean createStateMachine(StateMachineRecord r) {
        if (machines.containsKey(r.name())) {
            return false;
        }
        machines.put(r.name(), withVersion(r, 1));
        return true;
    }

    private static StateMachineRecord withVersion(StateMachineRecord r, long v) {
        return new StateMachineRecord(r.name(), r.arn(), r.definition(), r.roleArn(), r.type(), r.createdAt(), r.updatedAt(), v);
    }

    @Override
    public synchronized StateMachineRecord updateStateMachine(StateMachineRecord r) {
        if (machines.get(r.name()).version() != r.version()) {
            throw new StoreConflictException("conflict", null);
        }
        StateMachineRecord n = withVersion(r, r.version() + 1);
        machines.put(r.name(), n);
        return n;
    }

    @Override
    public synchronized Optional<StateMachineRecord> stateMachine(String name) {
        return Optional.ofNullable(machines.get(name));
    }

    @Override
    public synchronized Page<StateMachineRecord> listStateMachines(int maxResults, String nextToken) {
        return new Page<>(new ArrayList<>(machines.values()), null);
    }

    @Override
    public synchronized boolean createExecution(ExecutionRecord r) {
        if (executions.containsKey(r.arn())) {
            return false;
        }
        executions.put(r.arn(), withVersion(r, 1));
        return true;
    }

    private static ExecutionRecord withVersion(ExecutionRecord r, long v) {
        return new ExecutionRecord(r.arn(), r.name(), r.stateMachineArn(), r.status(), r.input(), r.output(), r.error(),
                r.cause(), r.startDate(), r.stopDate(), r.definition(), v);
    }

    @Override
    public synchronized Optional<ExecutionRecord> execution(String arn) {
        return Optional.ofNullable(executions.get(arn));
    }

    @Override
    public synchronized String executionDefinition(String arn) {
        return executions.get(arn).definition();
    }

    @Override
    public synchronized ExecutionRecord updateExecution(ExecutionRecord r) {
        if (executions.get(r.arn()).version() != r.version()) {
            throw new StoreConflictException("conflict", null);
        }
        ExecutionRecord n = withVersion(r, r.version() + 1);
        executions.put(r.arn(), n);
        return n;
    }

    @Override
    public synchronized Page<ExecutionRecord> listExecutions(String smArn, String status, int max, String token) {
        List<ExecutionRecord> out = executions.values().stream()
                .filter(e -> e.stateMachineArn().equals(smArn) && (status == null || status.equals(e.status())))
                .sorted(Comparator.comparing(ExecutionRecord::startDate).reversed()).toList();
        return new Page<>(out, null);
    }

    @Override
    public synchronized List<String> runningExecutions() {
        return executions.values().stream().filter(ExecutionRecord::isRunning).map(ExecutionRecord::arn).toList();
    }

    @Override
    public synchronized void appendEvent(String arn, ObjectNode event) {
        events.computeIfAbsent(arn, k -> new ConcurrentSkipListMap<>()).put(event.get("id").asLong(), event);
    }

    @Override
    public synchronized long lastEventId(String arn) {
        ConcurrentSkipListMap<Long, ObjectNode> m = events.get(arn);
        return m == null || m.isEmpty() ? 0 : m.lastKey();
    }

    @Override
    public synchronized Page<ObjectNode> history(String arn, int max, String token, boolean reverse) {
        List<ObjectNode> list = new ArrayList<>(events.getOrDefault(arn, new ConcurrentSkipListMap<>()).values());
        if (reverse) {
            java.util.Collections.reverse(list);
        }
        return new Page<>(list, null);
    }

    @Override
    public synchronized FrameRecord saveFrame(String arn, FrameRecord f) {
        Map<String, FrameRecord> m = frames.computeIfAbsent(arn, k -> new LinkedHashMap<>());
        FrameRecord cur = m.get(f.frameId());
        if ((cur == null ? 0 : cur.version()) != f.version()) {
            throw new StoreConflictException("frame conflict " + f.frameId(), null);
        }
        FrameRecord n = new FrameRecord(f.frameId(), f.status(), f.state(), f.input(), f.step(), f.enteredTime(),
                f.output(), f.error(), f.cause(), f.version() + 1);
        m.put(f.frameId(), n);
        return n;
    }

    @Override
    public synchronized Map<String, FrameRecord> frames(String arn) {
        return new LinkedHashMap<>(frames.getOrDefault(arn, Map.of()));
    }

    @Override
    public synchronized void deleteFrames(String arn, String prefix) {
        Map<String, FrameRecord> m = frames.get(arn);
        if (m != null) {
            m.keySet().removeIf(k -> k.startsWith(prefix));
        }
    }
}
