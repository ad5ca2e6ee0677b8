package io.kumos.agent.docker;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import io.kumos.agent.AgentConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * This host's Docker engine. docker-java blocks, so it must never run on an event loop: {@link #call} runs an
 * operation on the agent's own {@code docker-worker} threads, and {@link #client()} and {@link #streams()} are for
 * code that already runs on a worker (the pod workers, the stream relays).
 */
@ApplicationScoped
public class DockerEngine {

    private static final Logger LOG = Logger.getLogger(DockerEngine.class);

    private final AgentConfig config;
    private final DockerClient client;
    private final DockerClient streams;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "docker-worker");
        thread.setDaemon(true);
        return thread;
    });

    DockerEngine(AgentConfig config) {
        this.config = config;
        DefaultDockerClientConfig clientConfig = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(config.dockerHost())
                .build();
        this.client = DockerClientImpl.getInstance(clientConfig, new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create(config.dockerHost()))
                .connectionTimeout(config.dockerTimeout())
                .responseTimeout(config.dockerTimeout())
                .maxConnections(64)
                .build());
        // Followed logs, exec sessions and image pulls are quiet for as long as they like: no response timeout.
        this.streams = DockerClientImpl.getInstance(clientConfig, new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create(config.dockerHost()))
                .connectionTimeout(config.dockerTimeout())
                .responseTimeout(java.time.Duration.ZERO)
                .maxConnections(256)
                .build());
    }

    /** The client for short calls, each bounded by {@code docker-timeout}; blocking: worker threads only. */
    public DockerClient client() {
        return client;
    }

    /** The client for long calls (log streams, exec sessions, pulls), with no response timeout. */
    public DockerClient streams() {
        return streams;
    }

    /** The engine's address, as configured: what an operator must check when it does not answer. */
    public String host() {
        return config.dockerHost();
    }

    /** The node this agent runs for. */
    public String nodeName() {
        return config.nodeName().orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        });
    }

    /** Runs a blocking docker-java call on the docker worker pool. */
    public <T> Uni<T> call(java.util.function.Function<DockerClient, T> operation) {
        return Uni.createFrom().item(() -> operation.apply(client)).runSubscriptionOn(workers);
    }

    /**
     * The exit code of an exec whose output has ended, once the engine has recorded it (a moment later), or -1 if
     * it does not within a second. Blocking: worker threads only.
     */
    public long execExitCode(String execId) {
        for (int look = 0; look < 50; look++) {
            var inspected = client.inspectExecCmd(execId).exec();
            if (!Boolean.TRUE.equals(inspected.isRunning()) && inspected.getExitCodeLong() != null) {
                return inspected.getExitCodeLong();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return -1;
    }

    /** The engine's version, proving it answers. */
    public Uni<String> version() {
        return call(docker -> docker.versionCmd().exec().getVersion());
    }

    void onStart(@Observes StartupEvent event) {
        version().subscribe().with(
                version -> LOG.infof("Node %s runs on Docker engine %s at %s", nodeName(), version, host()),
                failure -> LOG.warnf("Node %s: Docker engine not reachable at %s (%s). The agent stays up and "
                        + "NotReady, running no pods, until the engine answers: start dockerd, or point "
                        + "KUMOS_AGENT_DOCKER_HOST at the engine.", nodeName(), host(), failure.getMessage()));
    }

    @PreDestroy
    void close() {
        workers.shutdownNow();
        try {
            client.close();
            streams.close();
        } catch (java.io.IOException e) {
            LOG.debugf("Closing the Docker client failed: %s", e.getMessage());
        }
    }
}
