package io.kumos.agent.pods;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.agent.probes.Prober;

/**
 * The pod's status as a pass sees it: each container of the spec with its newest attempts, why it waits (what the
 * agent remembers of a failed launch or back-off, or the sandbox's failure before it has a container), and its
 * probes' verdict, given to {@link PodStatuses}. The verdicts are a function because the planner asks the pass's
 * snapshot while the status written at the end of a pass asks the prober, which may have started probing since.
 */
final class ContainerViews {

    private ContainerViews() {
    }

    static ObjectNode status(PodSnapshot pass, String podIp, String hostIp,
            Function<String, Prober.Verdict> verdicts) {
        List<ContainerView> init = views(pass, "initContainers", ContainerLabels.Type.INIT, verdicts);
        List<ContainerView> app = views(pass, "containers", ContainerLabels.Type.APP, verdicts);
        return PodStatuses.of(pass.pod(), init, app, podIp, hostIp, pass.pod().path("status"), pass.now());
    }

    static boolean terminal(JsonNode status) {
        String phase = status.path("phase").asText();
        return phase.equals("Succeeded") || phase.equals("Failed");
    }

    private static List<ContainerView> views(PodSnapshot pass, String list, ContainerLabels.Type type,
            Function<String, Prober.Verdict> verdicts) {
        List<ContainerView> views = new ArrayList<>();
        for (JsonNode container : pass.pod().path("spec").path(list)) {
            String name = container.path("name").asText();
            List<RuntimeContainer> attempts = pass.attempts(type, name);
            RuntimeContainer current = attempts.isEmpty() ? null : attempts.get(0);
            RuntimeContainer previous = attempts.size() > 1 ? attempts.get(1) : null;
            ContainerView.Waiting waiting = pass.memory().failures.get(name);
            if (waiting == null && current == null) {
                waiting = pass.memory().failures.get(ContainerLabels.SANDBOX_NAME);
            }
            if (waiting != null && current != null && current.running()) {
                waiting = null;
            }
            boolean running = current != null && current.running();
            Prober.Verdict verdict = running ? verdicts.apply(current.id()) : null;
            boolean ready = running && (type == ContainerLabels.Type.INIT || verdict.ready());
            boolean started = running && (type == ContainerLabels.Type.INIT || verdict.started());
            views.add(new ContainerView(container, type, current, previous, waiting, ready, started));
        }
        return views;
    }
}
