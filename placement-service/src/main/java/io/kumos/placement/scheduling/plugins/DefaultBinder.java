package io.kumos.placement.scheduling.plugins;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.grid.api.ApiClient;
import io.kumos.placement.scheduling.framework.BindPlugin;
import io.kumos.placement.scheduling.framework.CycleState;
import io.kumos.placement.scheduling.framework.PodInfo;
import io.kumos.placement.scheduling.framework.Status;

/**
 * Binds through the API's {@code pods/binding}, conditional on the pod the decision was made about: the Binding
 * carries the pod's uid and the resourceVersion that was read, so a pod replaced or changed since is not bound on a
 * stale decision (409). A failed call is thrown as the API client's {@code ApiCallException}: the scheduler reads
 * from it whether the bind may have happened.
 */
public final class DefaultBinder implements BindPlugin {

    public static final String NAME = "DefaultBinder";

    private final ApiClient api;
    private final ObjectMapper json;

    public DefaultBinder(ApiClient api, ObjectMapper json) {
        this.api = api;
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status bind(CycleState state, PodInfo pod, String node) {
        api.create("/api/v1/namespaces/" + pod.namespace() + "/pods/" + pod.name() + "/binding", binding(pod, node));
        return Status.success();
    }

    /** The Binding of a pod to a node, preconditioned on the pod's uid and on the resourceVersion that was read. */
    public ObjectNode binding(PodInfo pod, String node) {
        ObjectNode binding = json.createObjectNode();
        binding.put("apiVersion", "v1").put("kind", "Binding");
        ObjectNode metadata = binding.putObject("metadata").put("name", pod.name()).put("namespace", pod.namespace())
                .put("uid", pod.uid());
        if (!pod.resourceVersion().isEmpty()) {
            metadata.put("resourceVersion", pod.resourceVersion());
        }
        binding.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", node);
        return binding;
    }

}
