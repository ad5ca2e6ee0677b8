package io.kumos.agent.docker;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/** Ready only while the Docker engine answers; the failure names the address that was tried. */
@Readiness
@ApplicationScoped
public class DockerEngineReadiness implements AsyncHealthCheck {

    static final String NAME = "Docker engine";

    private final DockerEngine engine;

    DockerEngineReadiness(DockerEngine engine) {
        this.engine = engine;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return engine.version()
                .map(version -> HealthCheckResponse.named(NAME).up()
                        .withData("host", engine.host()).withData("version", version)
                        .withData("node", engine.nodeName()).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("host", engine.host()).withData("node", engine.nodeName())
                        .withData("error", "Docker engine not reachable at " + engine.host() + ": "
                                + failure.getMessage())
                        .build());
    }
}
