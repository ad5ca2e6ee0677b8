package io.kumos.agent.pods;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;

import io.kumos.agent.docker.DockerEngine;

/**
 * The containers of this node's pods, as the engine has them: one list call by label, and an inspection of each
 * container whose state ({@code created}, {@code running}, {@code exited}) changed since it was last inspected, so
 * a pass over a hundred pods costs one call rather than a hundred. Containers are never restarted in place (each
 * attempt is a new container), so the state is all that can change; after acting on a container the agent
 * {@link #forget}s it, since a failed start leaves it {@code created} with an error. Blocking: pod workers only.
 */
@ApplicationScoped
public class RuntimeContainers {

    private final DockerEngine engine;
    private final ContainerLabels.Node node;
    private final Map<String, Inspected> inspected = new ConcurrentHashMap<>();

    private record Inspected(String state, RuntimeContainer container) {
    }

    RuntimeContainers(DockerEngine engine, io.kumos.agent.AgentConfig config) {
        this.engine = engine;
        this.node = new ContainerLabels.Node(config.cluster(), engine.nodeName());
    }

    /** This node, as its containers' labels name it. */
    ContainerLabels.Node node() {
        return node;
    }

    /** Every container of this node's pods. */
    List<RuntimeContainer> all() {
        return list(node.selector());
    }

    /** The containers of one pod. */
    List<RuntimeContainer> of(String podUid) {
        return list(with(ContainerLabels.POD_UID, podUid));
    }

    /**
     * The attempts of a container of a pod of this node by names, newest first (the pod's current uid first, should
     * an older pod of the same name still have containers here).
     */
    public List<RuntimeContainer> attempts(String namespace, String pod, String container) {
        List<RuntimeContainer> attempts = new ArrayList<>(list(with(ContainerLabels.POD_NAMESPACE, namespace,
                ContainerLabels.POD_NAME, pod, ContainerLabels.CONTAINER_NAME, container)));
        attempts.sort(java.util.Comparator.comparing((RuntimeContainer c) -> c.startedAt() == null ? Instant.MAX
                : c.startedAt()).reversed());
        return attempts;
    }

    /** The running sandbox of a pod of this node by names, the holder of its network namespace, if there is one. */
    public java.util.Optional<RuntimeContainer> sandbox(String namespace, String pod) {
        return attempts(namespace, pod, ContainerLabels.SANDBOX_NAME).stream().filter(RuntimeContainer::running)
                .findFirst();
    }

    private List<RuntimeContainer> list(Map<String, String> labels) {
        List<Container> listed = engine.client().listContainersCmd().withShowAll(true).withLabelFilter(labels)
                .exec();
        List<RuntimeContainer> containers = new ArrayList<>(listed.size());
        for (Container container : listed) {
            String state = container.getState();
            Inspected known = inspected.get(container.getId());
            if (known == null || !known.state().equals(state)) {
                RuntimeContainer fresh = inspect(container.getId());
                if (fresh == null) {
                    continue;
                }
                known = new Inspected(state, fresh);
                inspected.put(container.getId(), known);
            }
            containers.add(known.container());
        }
        if (labels.size() == node.selector().size()) {
            inspected.keySet().retainAll(listed.stream().map(Container::getId).toList());
        }
        return containers;
    }

    private Map<String, String> with(String... pairs) {
        Map<String, String> labels = new java.util.HashMap<>(node.selector());
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }

    /** Forgets what it knew of a container (after the agent changed it). */
    void forget(String id) {
        inspected.remove(id);
    }

    private RuntimeContainer inspect(String id) {
        InspectContainerResponse response;
        try {
            response = engine.client().inspectContainerCmd(id).exec();
        } catch (NotFoundException gone) {
            return null;
        }
        Map<String, String> labels = response.getConfig().getLabels();
        PodRef pod = new PodRef(labels.get(ContainerLabels.POD_NAMESPACE), labels.get(ContainerLabels.POD_NAME),
                labels.get(ContainerLabels.POD_UID));
        InspectContainerResponse.ContainerState state = response.getState();
        String ip = "";
        if (response.getNetworkSettings() != null && response.getNetworkSettings().getNetworks() != null) {
            ip = response.getNetworkSettings().getNetworks().values().stream().map(ContainerNetwork::getIpAddress)
                    .filter(address -> address != null && !address.isEmpty()).findFirst().orElse("");
        }
        if (ip.isEmpty()) {
            // Attached by CNI: Docker does not know the address, the sandbox's label does.
            ip = labels.getOrDefault(SandboxNetwork.POD_IP, "");
        }
        return new RuntimeContainer(id, pod, labels.get(ContainerLabels.CONTAINER_NAME),
                ContainerLabels.Type.of(labels.get(ContainerLabels.CONTAINER_TYPE)),
                Integer.parseInt(labels.getOrDefault(ContainerLabels.ATTEMPT, "0")),
                Objects.requireNonNullElse(state.getStatus(), "unknown"),
                Objects.requireNonNullElse(state.getExitCodeLong(), 0L),
                Boolean.TRUE.equals(state.getOOMKilled()), Objects.requireNonNullElse(state.getError(), ""),
                time(state.getStartedAt()), time(state.getFinishedAt()), response.getConfig().getImage(),
                response.getImageId(), ip);
    }

    private static Instant time(String text) {
        if (text == null || text.isEmpty() || text.startsWith("0001-")) {
            return null;
        }
        return Instant.parse(text);
    }
}
