package io.kumos.agent.pods;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the agent remembers of one pod between passes, beyond what the engine and the API hold: back-offs, why a
 * container could not be started, the status last written, when its termination began. Lost on restart, as the
 * kubelet's is: back-offs start over, and the status is compared with the API's.
 * Only the pod's own worker touches it (one pass of a pod at a time).
 */
final class PodMemory {

    final Map<String, Backoff> restarts = new HashMap<>();
    final Map<String, Backoff> pulls = new HashMap<>();
    /** Why a container could not be created, by container name, until it is. */
    final Map<String, ContainerView.Waiting> failures = new HashMap<>();
    /** When a pull last failed, by container name. */
    final Map<String, Instant> pullFailures = new HashMap<>();
    /** When a finished container was first seen finished, by container id, for those the engine gives no time. */
    final Map<String, Instant> firstSeenFinished = new HashMap<>();
    /** The last Event of each container (by name), so that a repeated one is not written every second. */
    final Map<String, String> lastEvent = new HashMap<>();
    JsonNode writtenStatus;
    Instant terminationDeadline;
    /** The preStop hooks running or run for a pod being deleted, by container id. */
    final Map<String, CompletableFuture<Boolean>> preStopHooks = new HashMap<>();
    /** The containers of a pod being deleted that were sent SIGTERM. */
    final Set<String> stopSignalled = new HashSet<>();

    Backoff restarts(String container) {
        return restarts.computeIfAbsent(container, name -> new Backoff());
    }

    Backoff pulls(String container) {
        return pulls.computeIfAbsent(container, name -> new Backoff());
    }
}
