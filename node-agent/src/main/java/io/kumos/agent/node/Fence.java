package io.kumos.agent.node;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When an agent cut off from the grid fences itself ({@code kumos.agent.fence-after}): once it has gone that long
 * without renewing its heartbeat, and once per cut. Pure; only the heartbeat thread uses it.
 */
final class Fence {

    private final Optional<Duration> after;
    private Instant lastRenewal;
    private boolean fenced;

    /** @param startedAt counts as a renewal: an agent that never reached the grid fences as late as any other */
    Fence(Optional<Duration> after, Instant startedAt) {
        this.after = after;
        this.lastRenewal = startedAt;
    }

    /** The heartbeat was renewed in the grid. */
    void renewed(Instant now) {
        lastRenewal = now;
        fenced = false;
    }

    /** Whether the pods must be stopped now: true once when the heartbeat has been stale for the fence time. */
    boolean due(Instant now) {
        if (after.isEmpty() || fenced || now.isBefore(lastRenewal.plus(after.get()))) {
            return false;
        }
        fenced = true;
        return true;
    }
}
