package io.kumos.agent.pods;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;

import io.kumos.agent.AgentConfig;
import io.kumos.agent.docker.DockerEngine;
import io.quarkus.runtime.StartupEvent;

/**
 * Pays at the agent's start what the first pod of the node would pay: the first inspection of a container in the
 * agent's JVM took 147-340 ms here (docker-java's response model loaded and its Jackson deserializers built, by a
 * JVM that compiles with C1 only) against a few ms later on, and with the CNI pod network the first pod's sandbox
 * waited that long for its address ({@code PodNetworkBenchmark}). It inspects a container the engine has or, on an
 * engine with none, one it creates from the sandbox image (no network, never started, labelled with the cluster so
 * that {@code ./kumos down} would remove one left behind) and removes at once. Once, on a docker worker; a failure
 * costs only the first pod its time.
 */
@ApplicationScoped
public class EngineWarmUp {

    private static final Logger LOG = Logger.getLogger(EngineWarmUp.class);

    private final DockerEngine engine;
    private final AgentConfig config;

    EngineWarmUp(DockerEngine engine, AgentConfig config) {
        this.engine = engine;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        long start = System.nanoTime();
        engine.call(this::inspectOne).subscribe().with(
                what -> LOG.infof("Node %s: the engine's container inspection warmed up on %s in %d ms",
                        engine.nodeName(), what, (System.nanoTime() - start) / 1_000_000),
                failure -> LOG.debugf("Node %s: warming up the engine's container inspection failed (%s); the first "
                        + "pod pays for it", engine.nodeName(), failure.getMessage()));
    }

    /** Inspects a container; answers which. */
    String inspectOne(DockerClient docker) {
        List<Container> any = docker.listContainersCmd().withShowAll(true).withLimit(1).exec();
        if (!any.isEmpty()) {
            try {
                docker.inspectContainerCmd(any.get(0).getId()).exec();
                return "container " + any.get(0).getId();
            } catch (NotFoundException gone) {
                LOG.debugf("Container %s went before its inspection; inspecting one of the agent's own",
                        any.get(0).getId());
            }
        }
        return inspectThrowaway(docker);
    }

    private String inspectThrowaway(DockerClient docker) {
        String image = config.sandboxImage().orElse(SandboxImage.BUILT_IN);
        if (config.sandboxImage().isEmpty()) {
            SandboxImage.ensure(engine.streams());
        }
        String name = config.cluster() + "-" + engine.nodeName() + "-warm-up";
        String id = docker.createContainerCmd(image).withName(name).withEntrypoint(SandboxImage.ENTRYPOINT)
                .withLabels(Map.of(ContainerLabels.CLUSTER, config.cluster()))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
        try {
            docker.inspectContainerCmd(id).exec();
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
        return "a container of its own";
    }
}
