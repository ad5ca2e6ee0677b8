package io.kumos.agent.pods;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;

import io.kumos.agent.AgentConfig;
import io.kumos.agent.docker.DockerEngine;
import io.kumos.agent.network.CniPlugins;
import io.kumos.agent.network.NodeNamespace;
import io.kumos.grid.api.Quantities;

/**
 * Turns a pod's spec into Docker containers: the sandbox that holds the pod's address and host ports, and each
 * container in the sandbox's network namespace with its image (per pull policy), command, args, environment,
 * working directory, terminal, resources and labels. Each step that can fail says why in the words the pod's
 * status will show. Blocking: pod workers only.
 */
@ApplicationScoped
public class ContainerLauncher {

    /** A step that failed, with the waiting reason and message for the container's status. */
    static final class LaunchFailure extends RuntimeException {
        final String reason;

        LaunchFailure(String reason, String message) {
            super(message);
            this.reason = reason;
        }
    }

    private final DockerEngine engine;
    private final AgentConfig config;
    private final ContainerLabels.Node node;
    private final ForwardSockets forwardSockets;
    private final SandboxNetwork sandboxNetwork;
    private final AtomicBoolean sandboxImageReady = new AtomicBoolean();

    ContainerLauncher(DockerEngine engine, AgentConfig config, ForwardSockets forwardSockets,
            SandboxNetwork sandboxNetwork) {
        this.engine = engine;
        this.sandboxNetwork = sandboxNetwork;
        this.config = config;
        this.forwardSockets = forwardSockets;
        this.node = new ContainerLabels.Node(config.cluster(), engine.nodeName());
    }

    /**
     * Creates and starts the pod's sandbox with the pod's address and host ports: on the node's Docker network, or
     * with none and then attached by the CNI plugins ({@link SandboxNetwork}).
     */
    String startSandbox(JsonNode pod, PodRef ref, int attempt, String network, String ip, String subnet) {
        DockerClient docker = engine.client();
        String image = config.sandboxImage().orElse(SandboxImage.BUILT_IN);
        if (config.sandboxImage().isEmpty() && !sandboxImageReady.get()) {
            SandboxImage.ensure(engine.streams());
            sandboxImageReady.set(true);
        }
        boolean cni = config.podNetwork() == AgentConfig.PodNetworkMode.CNI;
        List<CniPlugins.HostPort> hostPorts = SandboxNetwork.hostPorts(pod);
        String name = ContainerLabels.containerName(ref, ContainerLabels.SANDBOX_NAME, attempt);
        Map<String, String> labels = ContainerLabels.of(node, ref, ContainerLabels.SANDBOX_NAME,
                ContainerLabels.Type.SANDBOX, attempt);
        HostConfig hostConfig = HostConfig.newHostConfig().withIpcMode("shareable").withInit(false);
        forwardSockets.bind(ref.uid()).ifPresent(hostConfig::withBinds);
        CreateContainerCmd create = docker.createContainerCmd(image).withName(name)
                .withHostName(ContainerEnv.hostname(pod))
                .withHostConfig(hostConfig);
        if (cni) {
            hostConfig.withNetworkMode("none");
            create.withLabels(sandboxNetwork.labels(labels, ip, hostPorts));
        } else {
            Ports bindings = new Ports();
            List<ExposedPort> exposed = new ArrayList<>();
            for (CniPlugins.HostPort port : hostPorts) {
                ExposedPort target = new ExposedPort(port.containerPort(), InternetProtocol.parse(port.protocol()));
                exposed.add(target);
                bindings.bind(target, Ports.Binding.bindIpAndPort(port.hostIp().isEmpty() ? "0.0.0.0"
                        : port.hostIp(), port.hostPort()));
            }
            hostConfig.withNetworkMode(network).withPortBindings(bindings);
            create.withLabels(labels).withExposedPorts(exposed).withIpv4Address(ip);
        }
        if (config.sandboxImage().isEmpty()) {
            create.withEntrypoint(SandboxImage.ENTRYPOINT);
        }
        String id = createReplacing(docker, create, name);
        try {
            docker.startContainerCmd(id).exec();
            if (cni) {
                sandboxNetwork.attach(id, ip, subnet, hostPorts);
            }
        } catch (DockerException | NodeNamespace.CommandFailure | IllegalStateException e) {
            removeSandbox(id);
            throw new LaunchFailure("CreatePodSandboxError", "Failed to create pod sandbox: " + engineMessage(e));
        }
        return id;
    }

    /** Removes a sandbox, taken off the pod network first; one that is gone already is fine. */
    void removeSandbox(String id) {
        if (config.podNetwork() == AgentConfig.PodNetworkMode.CNI) {
            sandboxNetwork.detach(id);
        }
        remove(id);
    }

    /**
     * Makes sure the container's image is on the engine, per its pull policy.
     *
     * @return whether it was pulled (rather than found)
     */
    boolean ensureImage(JsonNode container) {
        String image = container.path("image").asText();
        String policy = container.path("imagePullPolicy").asText(defaultPolicy(image));
        boolean present = present(image);
        if (present && !policy.equals("Always")) {
            return false;
        }
        if (policy.equals("Never")) {
            throw new LaunchFailure("ErrImageNeverPull", "Container image \"" + image
                    + "\" is not present with pull policy of Never");
        }
        try {
            int digest = image.indexOf('@');
            int colon = image.lastIndexOf(':');
            var pull = digest < 0 && colon > image.lastIndexOf('/')
                    ? engine.streams().pullImageCmd(image.substring(0, colon)).withTag(image.substring(colon + 1))
                    : engine.streams().pullImageCmd(image).withTag(digest < 0 ? "latest" : null);
            if (!pull.exec(new PullImageResultCallback()).awaitCompletion(config.pullTimeout().toMillis(),
                    TimeUnit.MILLISECONDS)) {
                throw new LaunchFailure("ErrImagePull", "pulling image \"" + image + "\" took longer than "
                        + config.pullTimeout().toSeconds() + "s");
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchFailure("ErrImagePull", "interrupted pulling image \"" + image + "\"");
        } catch (RuntimeException e) {
            if (e instanceof LaunchFailure failure) {
                throw failure;
            }
            throw new LaunchFailure("ErrImagePull", "failed to pull and unpack image \"" + image + "\": "
                    + engineMessage(e));
        }
    }

    /** Creates (not starts) one container of the pod in the sandbox's namespaces. */
    String create(JsonNode container, PodRef ref, ContainerLabels.Type type, int attempt, String sandboxId,
            Map<String, String> env) {
        DockerClient docker = engine.client();
        String containerName = container.path("name").asText();
        String name = ContainerLabels.containerName(ref, containerName, attempt);
        HostConfig host = HostConfig.newHostConfig().withNetworkMode("container:" + sandboxId)
                .withIpcMode("container:" + sandboxId).withInit(false);
        JsonNode limits = container.path("resources").path("limits");
        JsonNode requests = container.path("resources").path("requests");
        try {
            if (limits.has("cpu")) {
                host.withNanoCPUs(Quantities.milliCpu(limits.path("cpu").asText()) * 1_000_000L);
            }
            if (limits.has("memory")) {
                host.withMemory(Quantities.bytes(limits.path("memory").asText()));
            }
            JsonNode shares = requests.has("cpu") ? requests.path("cpu") : limits.path("cpu");
            if (!shares.isMissingNode()) {
                host.withCpuShares((int) Math.max(2, Quantities.milliCpu(shares.asText()) * 1024 / 1000));
            }
        } catch (IllegalArgumentException e) {
            throw new LaunchFailure("CreateContainerConfigError", e.getMessage());
        }
        CreateContainerCmd create = docker.createContainerCmd(container.path("image").asText()).withName(name)
                .withLabels(ContainerLabels.of(node, ref, containerName, type, attempt))
                .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withTty(container.path("tty").asBoolean(false))
                .withStdinOpen(container.path("stdin").asBoolean(false))
                .withStdInOnce(container.path("stdinOnce").asBoolean(false))
                .withAttachStdin(container.path("stdin").asBoolean(false))
                .withHostConfig(host);
        if (container.has("command")) {
            create.withEntrypoint(words(container.path("command"), env));
            create.withCmd(words(container.path("args"), env));
        } else if (container.has("args")) {
            create.withCmd(words(container.path("args"), env));
        }
        if (container.hasNonNull("workingDir")) {
            create.withWorkingDir(container.path("workingDir").asText());
        }
        JsonNode user = container.path("securityContext").path("runAsUser");
        if (!user.isMissingNode()) {
            create.withUser(user.asText());
        }
        try {
            return createReplacing(docker, create, name);
        } catch (DockerException e) {
            throw new LaunchFailure("CreateContainerError", engineMessage(e));
        }
    }

    /** Starts a created container; the engine's refusal (command not found, …) stays on the container. */
    Optional<String> start(String id) {
        try {
            engine.client().startContainerCmd(id).exec();
            return Optional.empty();
        } catch (DockerException e) {
            return Optional.of(engineMessage(e));
        }
    }

    /** Sends a signal to a running container; one that is gone or stopped already is fine. */
    void signal(String id, String signal) {
        try {
            engine.client().killContainerCmd(id).withSignal(signal).exec();
        } catch (NotFoundException | ConflictException e) {
            // stopped already
        }
    }

    /** Removes a container, running or not; one that is gone already is fine. */
    /** Removes the pod's port-forward socket directory, once its sandboxes are gone. */
    void releaseForwardSockets(String podUid) {
        forwardSockets.remove(podUid);
    }

    void remove(String id) {
        try {
            engine.client().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // gone already
        } catch (ConflictException e) {
            // removal in progress
        }
    }

    /** Creates a container; a leftover of the same name (an agent that crashed mid-way) is removed first. */
    private static String createReplacing(DockerClient docker, CreateContainerCmd create, String name) {
        try {
            return create.exec().getId();
        } catch (ConflictException e) {
            docker.removeContainerCmd(name).withForce(true).exec();
            return create.exec().getId();
        }
    }

    private boolean present(String image) {
        try {
            engine.client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** {@code Always} for {@code :latest} or no tag, else {@code IfNotPresent}, as the API defaults it. */
    static String defaultPolicy(String image) {
        int colon = image.lastIndexOf(':');
        boolean tagged = image.contains("@") || colon > image.lastIndexOf('/');
        return !tagged || image.endsWith(":latest") ? "Always" : "IfNotPresent";
    }

    private static List<String> words(JsonNode array, Map<String, String> env) {
        List<String> words = new ArrayList<>();
        array.forEach(word -> words.add(ContainerEnv.expand(word.asText(), env)));
        return words;
    }

    /** The engine's own message, without docker-java's status prefix. */
    static String engineMessage(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        int json = message.indexOf("{\"message\":\"");
        if (json >= 0) {
            message = message.substring(json + 12, message.lastIndexOf('"'));
        }
        return message.replace("\\\"", "\"").replace("\\n", " ").trim();
    }
}
