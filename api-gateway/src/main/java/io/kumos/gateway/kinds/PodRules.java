package io.kumos.gateway.kinds;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Pods: their spec's defaults, Pending to begin with, and a spec that only changes in the few ways allowed. */
final class PodRules implements KindRules {

    @Override
    public void applyDefaults(ObjectNode pod) {
        ObjectNode spec = Nodes.object(pod, "spec");
        PodSpecs.applyDefaults(spec);
        PodSpecs.applyPodOnlyDefaults(spec);
    }

    @Override
    public void prepareForCreate(ObjectNode pod) {
        ObjectNode status = pod.putObject("status");
        status.put("phase", "Pending");
        status.put("qosClass", PodSpecs.qosClass(pod.path("spec")));
    }

    @Override
    public void validate(ObjectNode pod, FieldErrors errors) {
        PodSpecs.validate(pod.path("spec"), "spec", errors);
    }

    /**
     * As in Kubernetes, an existing pod's spec may change only in its images, its active deadline and by added
     * tolerations; the node is set once, through the binding subresource or at creation.
     */
    @Override
    public void validateUpdate(ObjectNode pod, JsonNode old, FieldErrors errors) {
        ObjectNode mutable = pod.path("spec").deepCopy();
        ObjectNode before = old.path("spec").deepCopy();
        for (String list : List.of("initContainers", "containers")) {
            ArrayNode now = (ArrayNode) Nodes.array(mutable, list);
            ArrayNode was = (ArrayNode) Nodes.array(before, list);
            for (int i = 0; i < Math.min(now.size(), was.size()); i++) {
                if (now.get(i) instanceof ObjectNode c && was.get(i) instanceof ObjectNode w) {
                    Nodes.copyField(c, w, "image");
                }
            }
        }
        Nodes.copyField(mutable, before, "activeDeadlineSeconds");
        Nodes.copyField(mutable, before, "tolerations");
        if (before.path("nodeName").asText("").isEmpty()) {
            Nodes.copyField(mutable, before, "nodeName");
        }
        if (!Objects.equals(mutable, before)) {
            errors.forbidden("spec", "pod updates may not change fields other than `spec.containers[*].image`,"
                    + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` "
                    + "(only additions to existing tolerations)");
        }
    }
}
