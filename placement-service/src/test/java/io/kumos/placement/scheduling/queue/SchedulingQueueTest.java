package io.kumos.placement.scheduling.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.placement.scheduling.framework.ClusterEvent;
import io.kumos.placement.scheduling.framework.Fixtures;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.QueuedPod;
import io.kumos.placement.scheduling.plugins.PrioritySort;

class SchedulingQueueTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final SchedulingQueue queue = new SchedulingQueue(new PrioritySort(), Map.of(
            "NodeResourcesFit", Set.of(ClusterEvent.NODE_ADDED, ClusterEvent.ASSIGNED_POD_DELETED),
            "NodeAffinity", Set.of(ClusterEvent.NODE_ADDED, ClusterEvent.NODE_CHANGED)));

    private static PodInfo pod(String name, int priority, String created) {
        ObjectNode pod = Fixtures.pod(name);
        pod.with("spec").put("priority", priority);
        pod.with("metadata").put("creationTimestamp", created);
        return PodInfo.of(pod);
    }

    private List<String> drain() {
        List<String> names = new ArrayList<>();
        for (Optional<QueuedPod> next = queue.pop(); next.isPresent(); next = queue.pop()) {
            names.add(next.get().pod().name());
        }
        return names;
    }

    @Test
    void higherPriorityFirstThenOlder() {
        queue.sync(List.of(pod("late", 0, "2026-01-01T00:00:09Z"), pod("early", 0, "2026-01-01T00:00:01Z"),
                pod("urgent", 1000, "2026-01-01T00:00:10Z")), T0);
        assertEquals(List.of("urgent", "early", "late"), drain());
    }

    @Test
    void theBackOffDoublesFromOneSecondToTen() {
        assertEquals(List.of(1L, 2L, 4L, 8L, 10L, 10L), List.of(1, 2, 3, 4, 5, 60).stream()
                .map(attempts -> SchedulingQueue.backoff(attempts).toSeconds()).toList());
    }

    @Test
    void anUnschedulablePodWaitsForAnEventOfAPluginThatRejectedIt() {
        PodInfo pod = pod("p", 0, "2026-01-01T00:00:00Z");
        queue.sync(List.of(pod), T0);
        queue.unschedulable(queue.pop().orElseThrow(), Set.of("NodeResourcesFit"), T0);

        queue.onEvent(ClusterEvent.NODE_CHANGED, T0.plusSeconds(5));
        queue.flush(T0.plusSeconds(5));
        assertEquals(List.of(), drain(), "a changed node does not free resources of the kind the pod lacked");

        queue.onEvent(ClusterEvent.ASSIGNED_POD_DELETED, T0.plusMillis(500));
        assertEquals(1, queue.backoffSize(), "a deleted pod may help: back in, after what is left of its back-off");
        queue.flush(T0.plusMillis(999));
        assertEquals(List.of(), drain());
        queue.flush(T0.plusSeconds(1));
        assertEquals(List.of("p"), drain());
    }

    @Test
    void anUnschedulablePodIsTriedAgainAfterFiveMinutesAnyway() {
        queue.sync(List.of(pod("p", 0, "2026-01-01T00:00:00Z")), T0);
        queue.unschedulable(queue.pop().orElseThrow(), Set.of("NodeAffinity"), T0);
        queue.flush(T0.plus(Duration.ofMinutes(5)).minusMillis(1));
        assertEquals(List.of(), drain());
        queue.flush(T0.plus(Duration.ofMinutes(5)));
        assertEquals(List.of("p"), drain());
    }

    @Test
    void aChangedSpecRequeuesAtOnceButAStatusWriteDoesNot() {
        ObjectNode json = Fixtures.pod("p");
        queue.sync(List.of(PodInfo.of(json)), T0);
        queue.unschedulable(queue.pop().orElseThrow(), Set.of("NodeAffinity"), T0.minusSeconds(60));

        ObjectNode statusWritten = json.deepCopy();
        statusWritten.with("metadata").put("resourceVersion", "2");
        statusWritten.with("status").putArray("conditions").addObject().put("type", "PodScheduled");
        queue.sync(List.of(PodInfo.of(statusWritten)), T0);
        queue.flush(T0);
        assertEquals(List.of(), drain());

        ObjectNode relabelled = statusWritten.deepCopy();
        relabelled.with("metadata").put("resourceVersion", "3").with("labels").put("tier", "front");
        queue.sync(List.of(PodInfo.of(relabelled)), T0);
        QueuedPod next = queue.pop().orElseThrow();
        assertEquals("3", next.pod().resourceVersion(), "the newest version is scheduled");
        assertEquals(1, next.attempts());
    }

    @Test
    void podsNoLongerPendingLeaveEveryQueue() {
        queue.sync(List.of(pod("a", 0, "x"), pod("b", 0, "x"), pod("c", 0, "x")), T0);
        QueuedPod a = queue.pop().orElseThrow();
        QueuedPod b = queue.pop().orElseThrow();
        queue.unschedulable(a, Set.of(), T0);
        queue.backoff(b, T0.plusSeconds(1));
        queue.sync(List.of(), T0);
        assertEquals(0, queue.activeSize() + queue.backoffSize() + queue.unschedulableSize());
    }

    @Test
    void aRetriedPodWaitsForTheNextFlushWithoutBackOff() {
        queue.sync(List.of(pod("a", 0, "x")), T0);
        queue.retry(queue.pop().orElseThrow(), T0);
        assertEquals(List.of(), drain(), "not again in the same pass");
        queue.flush(T0);
        assertEquals(List.of("a"), drain());
    }
}
