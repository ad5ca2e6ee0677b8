package io.kumos.health.nodes;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The conditions of a node gone silent, as kube-controller-manager writes them: every condition its agent reported
 * (Ready and the pressures) becomes Unknown with reason {@code NodeStatusUnknown}, a new lastTransitionTime, and its
 * lastHeartbeatTime left as the agent last wrote it; a node that never reported Ready gets one. Conditions already
 * Unknown are left alone, so a second pass writes nothing. Pure.
 */
public final class NodeConditions {

    public static final String REASON = "NodeStatusUnknown";
    public static final String MESSAGE = "Kubelet stopped posting node status.";

    private NodeConditions() {
    }

    /** The whole new list (a merge patch replaces lists), or empty if every condition is Unknown already. */
    public static Optional<ArrayNode> unknown(JsonNode node, Instant now) {
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        ArrayNode conditions = JsonNodeFactory.instance.arrayNode();
        boolean changed = false;
        boolean hasReady = false;
        for (JsonNode condition : node.path("status").path("conditions")) {
            ObjectNode copy = condition.deepCopy();
            hasReady |= "Ready".equals(condition.path("type").asText());
            if (!"Unknown".equals(condition.path("status").asText())) {
                copy.put("status", "Unknown").put("reason", REASON).put("message", MESSAGE)
                        .put("lastTransitionTime", time);
                changed = true;
            }
            conditions.add(copy);
        }
        if (!hasReady) {
            conditions.addObject().put("type", "Ready").put("status", "Unknown")
                    .put("lastHeartbeatTime", node.path("metadata").path("creationTimestamp").asText(time))
                    .put("lastTransitionTime", time).put("reason", "NodeStatusNeverUpdated")
                    .put("message", "Kubelet never posted node status.");
            changed = true;
        }
        return changed ? Optional.of(conditions) : Optional.empty();
    }
}
