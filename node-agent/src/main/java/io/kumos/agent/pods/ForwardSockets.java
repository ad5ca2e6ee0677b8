package io.kumos.agent.pods;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;

import io.kumos.agent.AgentConfig;

/**
 * The host directories through which the agent reaches a pod's long-lived port forwarder: each sandbox the agent
 * creates gets its pod's directory ({@code <kumos.agent.forward-socket-dir>/<pod uid>}) bind-mounted at
 * {@value #SANDBOX_DIRECTORY}, where the forwarder ({@link SandboxImage#forwardProgram()}, started in the sandbox on
 * the first {@code kubectl port-forward}) listens on {@value #SANDBOX_SOCKET}; the agent connects to the same
 * socket file from the host. Only when the engine is local (a {@code unix://} Docker host): a remote engine's bind
 * mounts are on another machine, and port-forward then runs one {@code docker exec} per connection.
 */
@ApplicationScoped
public class ForwardSockets {

    /** Where a sandbox sees its pod's directory. */
    public static final String SANDBOX_DIRECTORY = "/.kumos";
    /** The forwarder's socket as the sandbox sees it. */
    public static final String SANDBOX_SOCKET = SANDBOX_DIRECTORY + "/forward.sock";
    private static final Logger LOG = Logger.getLogger(ForwardSockets.class);

    private final Optional<Path> base;

    ForwardSockets(AgentConfig config) {
        this.base = config.dockerHost().startsWith("unix://")
                ? Optional.of(Path.of(config.forwardSocketDir().orElse(
                        System.getProperty("java.io.tmpdir") + "/kumos-forward-" + config.cluster())))
                : Optional.empty();
    }

    /** Creates the pod's directory and names the bind of it into the sandbox; empty when off or it cannot be made. */
    Optional<Bind> bind(String podUid) {
        Optional<Path> directory = directory(podUid);
        if (directory.isEmpty()) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(directory.get());
            return Optional.of(new Bind(directory.get().toString(), new Volume(SANDBOX_DIRECTORY)));
        } catch (IOException e) {
            LOG.warnf("No port-forward socket directory for pod %s (%s): port-forward execs per connection", podUid,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** The pod's socket as the host sees it, when its directory exists (its sandbox was created with the bind). */
    public Optional<Path> socket(String podUid) {
        return directory(podUid).filter(Files::isDirectory).map(directory -> directory.resolve("forward.sock"));
    }

    /** Removes the pod's directory: its sandbox is gone for good. */
    void remove(String podUid) {
        directory(podUid).filter(Files::isDirectory).ifPresent(directory -> {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                LOG.debugf("Removing %s failed: %s", directory, e.getMessage());
            }
        });
    }

    private Optional<Path> directory(String podUid) {
        if (podUid == null || podUid.isEmpty() || podUid.contains("/") || podUid.startsWith(".")) {
            return Optional.empty();
        }
        return base.map(path -> path.resolve(podUid));
    }
}
