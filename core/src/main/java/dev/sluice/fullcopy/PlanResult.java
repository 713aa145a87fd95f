package dev.sluice.fullcopy;

import dev.sluice.state.TaskItem;
import java.time.Instant;

/**
 * The outcome of planning, document {@code TASK#<id>/FULLCOPY#PLAN} (the plan-complete marker): how many tables
 * and chunks, and how many workers the state machine should start.
 */
public record PlanResult(int tables, int chunks, int workers, long estimatedRows, Instant completedAt) {
    public static final String SK = TaskItem.FULLCOPY_PLAN.sk();
}
