package dev.sluice.fullcopy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.sluice.state.Item;
import dev.sluice.state.StateTable;
import dev.sluice.state.TaskDocuments;
import dev.sluice.state.TaskItem;
import dev.sluice.state.Tasks;
import dev.sluice.table.Chunk;
import dev.sluice.table.TableRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import static dev.sluice.state.StateTable.n;
import static dev.sluice.state.StateTable.s;

/**
 * The chunk ledger of a task in the state table ({@code TASK#<id>/CHUNK#<db>.<table>#<seq>}). Every transition is a
 * conditional write on the item's version after reading it, so it is atomic: claim only a planned chunk or one
 * whose lease has expired (the claim increments the fencing token), renew and mark done only while the stored
 * token is still the caller's. A zombie worker whose chunk was taken over therefore cannot renew it, commit it
 * (the copier asks before committing) or mark it done.
 */
public class ChunkLedger {
    private static final TypeReference<List<String>> LIST = new TypeReference<>() {
    };
    private final StateTable table;
    private final String pk;
    private final LongSupplier clock;

    public ChunkLedger(StateTable table, String taskId) {
        this(table, taskId, System::currentTimeMillis);
    }

    public ChunkLedger(StateTable table, String taskId, LongSupplier clockMillis) {
        this.table = table;
        this.pk = Tasks.pk(taskId);
        this.clock = clockMillis;
    }

    /** The ledger sort key {@code CHUNK#<db>.<table>#<seq>} (seq zero-padded so they sort in order). */
    public static String sortKey(Chunk c) {
        return sortKeyPrefix(c.table()) + String.format("%06d", c.seq());
    }

    public static String sortKeyPrefix(TableRef t) {
        return TaskItem.CHUNK.sk(t.key() + "#");
    }

    public long now() {
        return clock.getAsLong();
    }

    /** Records a planned chunk; false if the item exists already (planning is idempotent). */
    public boolean plan(Chunk c) {
        Map<String, AttributeValue> a = new HashMap<>();
        a.put("database", s(c.table().database()));
        a.put("table", s(c.table().table()));
        a.put("seq", n(c.seq()));
        if (c.lo() != null) {
            a.put("lo", s(json(c.lo())));
        }
        if (c.hi() != null) {
            a.put("hi", s(json(c.hi())));
        }
        a.put("estimatedRows", n(c.estimatedRows()));
        a.put("wholeTable", StateTable.bool(c.wholeTable()));
        a.put("status", s(ChunkState.Status.PLANNED.name()));
        a.put("token", n(0));
        a.put("attempts", n(0));
        return table.putNew(pk, sortKey(c), a);
    }

    /** Removes the chunks of a table and their done count (a re-plan after a crash in the middle of planning it). */
    public void deleteChunks(TableRef t) {
        for (Item i : table.query(pk, sortKeyPrefix(t))) {
            table.delete(pk, i.sk());
        }
        table.delete(pk, doneCounterKey(t));
    }

    /**
     * Counts a chunk of {@code t} as done (call once, after {@link #done} returned true) and returns how many of the
     * table's chunks are counted so far: the call that returns the table's chunk count was for its last chunk. A
     * worker that dies between the two writes leaves the count short, never over.
     */
    public long countDone(TableRef t) {
        return table.add(pk, doneCounterKey(t), "done", 1);
    }

    private static String doneCounterKey(TableRef t) {
        return TaskItem.CHUNKS_DONE.sk(t.key());
    }

    /** Every chunk of the task, in table and seq order. */
    public List<ChunkState> all() {
        return table.query(pk, TaskItem.CHUNK.prefix()).stream().map(ChunkLedger::state).toList();
    }

    public List<ChunkState> of(TableRef t) {
        return table.query(pk, sortKeyPrefix(t)).stream().map(ChunkLedger::state).toList();
    }

    public Optional<ChunkState> get(Chunk c) {
        return table.get(pk, sortKey(c)).map(ChunkLedger::state);
    }

    /**
     * Claims the chunk for {@code owner} with a lease of {@code leaseMillis}: succeeds only if, when read, it is
     * planned or its lease has expired, and nobody wrote it in between. The claim carries the next fencing token.
     */
    public Optional<Claim> claim(Chunk c, String owner, long leaseMillis) {
        Optional<Item> cur = table.get(pk, sortKey(c));
        if (cur.isEmpty()) {
            return Optional.empty();
        }
        ChunkState st = state(cur.get());
        long now = now();
        if (!st.claimable(now)) {
            return Optional.empty();
        }
        long token = st.token() + 1;
        long until = now + leaseMillis;
        Map<String, AttributeValue> a = new HashMap<>(cur.get().attributes());
        a.put("status", s(ChunkState.Status.CLAIMED.name()));
        a.put("token", n(token));
        a.put("owner", s(owner));
        a.put("leaseUntil", n(until));
        a.put("attempts", n(st.attempts() + 1));
        a.put("claimedAt", s(Instant.ofEpochMilli(now).toString()));
        clearCopying(a); // an earlier attempt's rows in flight were rolled back
        if (!table.replace(pk, sortKey(c), a, st.version())) {
            return Optional.empty();
        }
        return Optional.of(new Claim(st.chunk(), token, owner, until, st.version() + 1));
    }

    /** Extends the lease if the claim still holds; empty when the token moved on (the chunk was taken over). */
    public Optional<Claim> renew(Claim claim, long leaseMillis) {
        return renew(claim, leaseMillis, -1, -1);
    }

    /**
     * Extends the lease like {@link #renew(Claim, long)} and, in the same conditional write, records the rows and
     * bytes streamed into the chunk so far ({@code rowsCopying} &lt; 0: leave them), which the progress views show
     * while the chunk runs (uncommitted: a failed attempt's rows are dropped at the next claim).
     */
    public Optional<Claim> renew(Claim claim, long leaseMillis, long rowsCopying, long bytesCopying) {
        Optional<Item> cur = table.get(pk, sortKey(claim.chunk()));
        if (cur.isEmpty() || !holds(state(cur.get()), claim)) {
            return Optional.empty();
        }
        long until = now() + leaseMillis;
        Map<String, AttributeValue> a = new HashMap<>(cur.get().attributes());
        a.put("leaseUntil", n(until));
        if (rowsCopying >= 0) {
            a.put("rowsCopying", n(rowsCopying));
            a.put("bytesCopying", n(Math.max(0, bytesCopying)));
        }
        long version = state(cur.get()).version();
        if (!table.replace(pk, sortKey(claim.chunk()), a, version)) {
            return Optional.empty();
        }
        return Optional.of(new Claim(claim.chunk(), claim.token(), claim.owner(), until, version + 1));
    }

    /** Marks the chunk done with its counts if the claim still holds; false for a zombie (token moved on). */
    public boolean done(Claim claim, long rows, long bytes) {
        return replaceIfHeld(claim, a -> {
            a.put("status", s(ChunkState.Status.DONE.name()));
            a.put("rows", n(rows));
            a.put("bytes", n(bytes));
            a.put("doneAt", s(Instant.ofEpochMilli(now()).toString()));
            a.remove("leaseUntil");
            clearCopying(a);
        });
    }

    /** Gives a claimed chunk back (planned again) after a failure, if the claim still holds. */
    public boolean release(Claim claim) {
        return replaceIfHeld(claim, a -> {
            a.put("status", s(ChunkState.Status.PLANNED.name()));
            a.remove("leaseUntil");
            a.remove("owner");
            clearCopying(a);
        });
    }

    private static void clearCopying(Map<String, AttributeValue> a) {
        a.remove("rowsCopying");
        a.remove("bytesCopying");
    }

    /**
     * Writes the chunk's item back with {@code edit} applied to its attributes if {@code claim} still holds it, under
     * the item's version; false when the claim no longer holds or another write got there first.
     */
    private boolean replaceIfHeld(Claim claim, Consumer<Map<String, AttributeValue>> edit) {
        Optional<Item> cur = table.get(pk, sortKey(claim.chunk()));
        if (cur.isEmpty()) {
            return false;
        }
        ChunkState st = state(cur.get());
        if (!holds(st, claim)) {
            return false;
        }
        Map<String, AttributeValue> a = new HashMap<>(cur.get().attributes());
        edit.accept(a);
        return table.replace(pk, sortKey(claim.chunk()), a, st.version());
    }

    private static boolean holds(ChunkState st, Claim claim) {
        return st.status() == ChunkState.Status.CLAIMED && st.token() == claim.token();
    }

    static ChunkState state(Item i) {
        TableRef t = new TableRef(i.str("database"), i.str("table"));
        Chunk c = new Chunk(t, (int) i.num("seq", 0), list(i.str("lo")), list(i.str("hi")),
                i.num("estimatedRows", 0), i.bool("wholeTable"));
        return new ChunkState(c, ChunkState.Status.valueOf(i.str("status")), i.num("token", 0),
                i.num("leaseUntil", 0), i.str("owner"), i.num("rows", 0), i.num("bytes", 0), i.num("attempts", 0),
                i.str("claimedAt"), i.str("doneAt"), i.version(), i.num("rowsCopying", 0), i.num("bytesCopying", 0));
    }

    private static String json(List<String> v) {
        try {
            return TaskDocuments.json().writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> list(String json) {
        if (json == null) {
            return null;
        }
        try {
            return TaskDocuments.json().readValue(json, LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chunk bound in the ledger is not a JSON list: " + json, e);
        }
    }

    /** For tests and the progress view: all ledger items as states keyed by sort key. */
    List<ChunkState> states() {
        return new ArrayList<>(all());
    }
}
