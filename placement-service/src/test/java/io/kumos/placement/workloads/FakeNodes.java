package io.kumos.placement.workloads;

import java.time.Instant;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the scheduler and the node agents do to pods, one step per tick: an unbound pod is bound to a node, a
 * bound pending pod runs and becomes ready, a pod of a Job (restartPolicy other than Always) that ran for a tick
 * ends (Succeeded, or Failed when {@code fails} says so), a terminating pod is gone.
 */
public final class FakeNodes {

    private final FakeApi api;
    private Predicate<ObjectNode> fails = pod -> false;

    public FakeNodes(FakeApi api) {
        this.api = api;
    }

    public FakeNodes failing(Predicate<ObjectNode> fails) {
        this.fails = fails;
        return this;
    }

    public void tick(Instant now) {
        for (ObjectNode pod : api.all(Kind.POD)) {
            if (Metadata.terminating(pod)) {
                api.forget(pod);
            } else if (PodState.node(pod).isEmpty()) {
                api.put(TestObjects.set(pod, "spec/nodeName", "node-" + (Math.abs(pod.hashCode()) % 3)));
            } else if (PodState.phase(pod).equals("Pending")) {
                api.put(TestObjects.running(pod, PodState.node(pod), now));
            } else if (PodState.phase(pod).equals("Running")
                    && !"Always".equals(pod.path("spec").path("restartPolicy").asText("Always"))) {
                ObjectNode done = TestObjects.finished(pod, fails.test(pod) ? "Failed" : "Succeeded", now);
                ((ObjectNode) done.get("status")).remove("conditions");
                api.put(done);
            }
        }
    }
}
