package io.kumos.health.nodes;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each node was last heard from, on this replica's own clock, as kube-controller-manager keeps its
 * {@code probeTimestamp}: a node is heard when one of its signs of life <em>changes</em> (the grid heartbeat's
 * renewal time, the Lease's {@code renewTime}); the times the agent wrote into them are only compared, never
 * trusted as times, so clock skew between hosts does not matter. A node seen for the first time — or every node,
 * after {@link #forget()} — starts at "now", which gives it a full grace before it can be declared unreachable.
 *
 * <p>Threading: {@link #observe} and {@link #forget} from the controller's one thread; {@link #lastHeard()} from
 * anywhere.
 */
public final class Liveness {

    /**
     * A node's signs of life as read now.
     *
     * @param heartbeatMillis the grid heartbeat's {@code renewedAtMillis}, or {@code -1} if the entry is gone
     * @param leaseRenewTime  the Lease's {@code spec.renewTime}, or {@code ""} if there is none
     */
    public record Signal(long heartbeatMillis, String leaseRenewTime) {
    }

    private record Seen(Signal signal, Instant heardAt) {
    }

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    /** Records what the node shows now; answers when it was last heard from. */
    public Instant observe(String node, Signal signal, Instant now) {
        Seen before = seen.get(node);
        if (before == null) {
            seen.put(node, new Seen(signal, now));
            return now;
        }
        boolean heartbeat = signal.heartbeatMillis() >= 0
                && signal.heartbeatMillis() != before.signal().heartbeatMillis();
        boolean lease = !signal.leaseRenewTime().isEmpty()
                && !signal.leaseRenewTime().equals(before.signal().leaseRenewTime());
        // A sign that went away is remembered as it was: its return with the same value is no news.
        Signal kept = new Signal(signal.heartbeatMillis() >= 0 ? signal.heartbeatMillis()
                : before.signal().heartbeatMillis(),
                signal.leaseRenewTime().isEmpty() ? before.signal().leaseRenewTime() : signal.leaseRenewTime());
        Seen after = new Seen(kept, heartbeat || lease ? now : before.heardAt());
        seen.put(node, after);
        return after.heardAt();
    }

    /** Drops the nodes that are gone. */
    public void retain(Set<String> nodes) {
        seen.keySet().retainAll(nodes);
    }

    /** Starts over: every node gets a fresh grace from its next observation (new leader, or a blind spell). */
    public void forget() {
        seen.clear();
    }

    /** When each node was last heard from. */
    public Map<String, Instant> lastHeard() {
        Map<String, Instant> heard = new java.util.TreeMap<>();
        seen.forEach((node, s) -> heard.put(node, s.heardAt()));
        return heard;
    }
}
