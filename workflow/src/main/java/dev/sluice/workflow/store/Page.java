package dev.sluice.workflow.store;

import java.util.List;

/** One page of a listing plus the opaque token for the next page (null when this is the last page). */
public record Page<T>(List<T> items, String nextToken) {
}
