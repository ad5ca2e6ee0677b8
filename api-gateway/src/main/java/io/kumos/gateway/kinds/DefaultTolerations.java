package io.kumos.gateway.kinds;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' DefaultTolerationSeconds admission: a new pod that does not already tolerate a node being
 * {@code not-ready} or {@code unreachable} (NoExecute) gets a toleration of each for a while, after which
 * health-service evicts it from such a node and its controller puts a replacement elsewhere. Kubernetes waits 300 s;
 * Kumos waits {@code kumos.gateway.default-toleration-seconds} (5 s), since its promise is work back on healthy hosts
 * within 30 s of a host dying. Pods that state their own toleration of a taint keep it.
 */
public final class DefaultTolerations {

    static final List<String> TAINTS = List.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable");

    private DefaultTolerations() {
    }

    /** Adds the default tolerations to a pod being created. */
    public static void admit(ObjectNode pod, long seconds) {
        ObjectNode spec = Nodes.object(pod, "spec");
        for (String taint : TAINTS) {
            if (!tolerates(spec.path("tolerations"), taint)) {
                JsonNode existing = spec.path("tolerations");
                ArrayNode tolerations = existing.isArray() ? (ArrayNode) existing : spec.putArray("tolerations");
                tolerations.addObject().put("key", taint).put("operator", "Exists").put("effect", "NoExecute")
                        .put("tolerationSeconds", seconds);
            }
        }
    }

    /** Whether one of the tolerations already speaks of the NoExecute taint (as the admission plugin checks it). */
    private static boolean tolerates(JsonNode tolerations, String taint) {
        for (JsonNode toleration : tolerations) {
            String key = toleration.path("key").asText("");
            String effect = toleration.path("effect").asText("");
            boolean anyKey = key.isEmpty() && "Exists".equals(toleration.path("operator").asText());
            if ((anyKey || key.equals(taint)) && (effect.isEmpty() || "NoExecute".equals(effect))) {
                return true;
            }
        }
        return false;
    }
}
