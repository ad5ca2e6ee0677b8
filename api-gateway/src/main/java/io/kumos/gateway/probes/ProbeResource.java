package io.kumos.gateway.probes;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.mutiny.Uni;

/**
 * Kubernetes-style probes over the service's health checks: {@code /livez} is liveness, {@code /readyz} and
 * {@code /healthz} are readiness (grid and database reachable). As in kube-apiserver, a healthy probe answers
 * {@code ok}; {@code ?verbose} or a failure lists every check as {@code [+]name ok} or {@code [-]name failed}.
 */
@Path("/")
@Produces(MediaType.TEXT_PLAIN)
public class ProbeResource {

    private final SmallRyeHealthReporter reporter;

    ProbeResource(SmallRyeHealthReporter reporter) {
        this.reporter = reporter;
    }

    @GET
    @Path("livez")
    public Uni<Response> livez(@Context UriInfo uri) {
        return reporter.getLivenessAsync().map(health -> respond("livez", health, verbose(uri)));
    }

    @GET
    @Path("readyz")
    public Uni<Response> readyz(@Context UriInfo uri) {
        return reporter.getReadinessAsync().map(health -> respond("readyz", health, verbose(uri)));
    }

    @GET
    @Path("healthz")
    public Uni<Response> healthz(@Context UriInfo uri) {
        return reporter.getReadinessAsync().map(health -> respond("healthz", health, verbose(uri)));
    }

    /** {@code ?verbose}, with or without a value, as kube-apiserver reads it. */
    private static boolean verbose(UriInfo uri) {
        return uri.getQueryParameters().containsKey("verbose");
    }

    private static Response respond(String probe, SmallRyeHealth health, boolean verbose) {
        ProbeReport report = ProbeReport.of(probe, health.getPayload());
        return Response.status(report.passed() ? 200 : 500)
                .entity(report.passed() && !verbose ? "ok" : report.render())
                .build();
    }
}
