package dev.sluice.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Retention of finished tasks: sets the table's TTL attribute {@code expiresAt} (epoch seconds) on every item of a
 * task and on its listing item, so that DynamoDB deletes them once the retention has passed (the SAM template turns
 * TTL on for this attribute; the embedded store keeps the attribute and never expires anything).
 */
public final class TaskExpiry {
    /** The attribute the table's TTL specification names. */
    public static final String ATTRIBUTE = "expiresAt";

    private final StateTable table;

    public TaskExpiry(StateTable table) {
        this.table = table;
    }

    /**
     * Marks the task's items to expire {@code retention} from {@code now}; returns how many items were marked.
     * Idempotent: a retry marks them again with a later time.
     */
    public int expire(TaskRecord task, Duration retention, Instant now) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, got " + retention
                    + "; set 0 days to keep finished tasks instead of calling expire");
        }
        Map<String, AttributeValue> at = Map.of(ATTRIBUTE, StateTable.n(now.plus(retention).getEpochSecond()));
        int marked = 0;
        for (Item i : table.query(Tasks.pk(task.id()), "")) {
            table.set(i.pk(), i.sk(), at);
            marked++;
        }
        Map<String, AttributeValue> listing = Tasks.listingKey(task);
        table.set(listing.get(StateTable.PK).s(), listing.get(StateTable.SK).s(), at);
        return marked + 1;
    }
}
