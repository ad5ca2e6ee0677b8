package io.kumos.placement.workloads;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The pods a controller created or deleted and has not yet seen so in the grid's projection, by owner (upstream's
 * {@code UIDTrackingControllerExpectations}). The projection follows the API a little behind; a controller that
 * counted pods before its own creations showed up would create them again. Until an owner's expectations are met
 * (each created pod is in the projection, each deleted one is gone or terminating), or have waited
 * {@link #TIMEOUT}, its pods are neither created nor deleted.
 *
 * <p>Kept in memory: a process that restarts starts without expectations, which is safe because starting takes
 * far longer than the projection lags. Used by one controller pass at a time (not thread-safe).
 */
public final class Expectations {

    /** After this long an unmet expectation is given up, as upstream's 5-minute expectations time out. */
    static final Duration TIMEOUT = Duration.ofMinutes(1);

    private record Expected(boolean creation, Instant since) {
    }

    private final Map<String, Map<String, Expected>> byOwner = new HashMap<>();

    public void created(String ownerUid, String podUid, Instant now) {
        byOwner.computeIfAbsent(ownerUid, owner -> new HashMap<>()).put(podUid, new Expected(true, now));
    }

    public void deleted(String ownerUid, String podUid, Instant now) {
        byOwner.computeIfAbsent(ownerUid, owner -> new HashMap<>()).put(podUid, new Expected(false, now));
    }

    /**
     * Whether the owner's creations and deletions all show in these pods (the projection of its namespace);
     * those that do are forgotten.
     */
    public boolean settled(String ownerUid, List<JsonNode> pods, Instant now) {
        Map<String, Expected> expected = byOwner.get(ownerUid);
        if (expected == null) {
            return true;
        }
        Map<String, JsonNode> seen = pods.stream().collect(Collectors.toMap(Metadata::uid, pod -> pod, (a, b) -> a));
        Iterator<Map.Entry<String, Expected>> entries = expected.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, Expected> entry = entries.next();
            JsonNode pod = seen.get(entry.getKey());
            boolean met = entry.getValue().creation() ? pod != null : pod == null || Metadata.terminating(pod);
            if (met || !now.isBefore(entry.getValue().since().plus(TIMEOUT))) {
                entries.remove();
            }
        }
        if (expected.isEmpty()) {
            byOwner.remove(ownerUid);
            return true;
        }
        return false;
    }

    /** Forgets owners that no longer exist. */
    public void retainOwners(Set<String> ownerUids) {
        byOwner.keySet().retainAll(ownerUids);
    }
}
