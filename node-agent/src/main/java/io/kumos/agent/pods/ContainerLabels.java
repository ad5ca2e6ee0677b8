package io.kumos.agent.pods;

import java.util.Map;

/**
 * How a Docker container says which pod it belongs to: labels on every container this agent creates, so that the
 * engine itself is the agent's memory. An agent that restarts finds its pods' containers by these labels and adopts
 * them; containers whose pod is gone are found the same way and removed.
 */
final class ContainerLabels {

    static final String CLUSTER = "io.kumos.cluster";
    static final String NODE = "io.kumos.node";
    static final String POD_UID = "io.kumos.pod.uid";
    static final String POD_NAMESPACE = "io.kumos.pod.namespace";
    static final String POD_NAME = "io.kumos.pod.name";
    static final String CONTAINER_NAME = "io.kumos.container.name";
    static final String CONTAINER_TYPE = "io.kumos.container.type";
    static final String ATTEMPT = "io.kumos.container.attempt";

    /** The name the sandbox goes by in labels and container names, as Kubernetes' pause container does. */
    static final String SANDBOX_NAME = "POD";

    private ContainerLabels() {
    }

    /** What role a container plays in its pod. */
    enum Type {
        SANDBOX, INIT, APP;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Type of(String label) {
            return label == null ? APP : valueOf(label.toUpperCase(java.util.Locale.ROOT));
        }
    }

    static Map<String, String> of(Node node, PodRef pod, String container, Type type, int attempt) {
        return Map.of(CLUSTER, node.cluster(), NODE, node.name(), POD_UID, pod.uid(), POD_NAMESPACE,
                pod.namespace(), POD_NAME, pod.name(), CONTAINER_NAME, container, CONTAINER_TYPE, type.label(),
                ATTEMPT, Integer.toString(attempt));
    }

    /** Which node of which cluster: what every container and the pod network of this agent carry. */
    record Node(String cluster, String name) {

        /** The labels that select everything of this node. */
        Map<String, String> selector() {
            return Map.of(CLUSTER, cluster, NODE, name);
        }
    }

    /** {@code k8s_<container>_<pod>_<namespace>_<uid>_<attempt>}, the dockershim convention: unique per attempt. */
    static String containerName(PodRef pod, String container, int attempt) {
        return "k8s_" + container + "_" + pod.name() + "_" + pod.namespace() + "_" + pod.uid() + "_" + attempt;
    }
}
