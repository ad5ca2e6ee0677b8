package io.kumos.gateway.objects;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.kumos.gateway.resources.ResourceCatalog;
import io.kumos.gateway.resources.ResourceType;
import io.kumos.gateway.status.ApiException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * The namespaces every Kubernetes cluster has ({@code default}, {@code kube-system}, {@code kube-public},
 * {@code kube-node-lease}), created at start if missing. Start-up does not wait for it: if the database is not
 * there yet, creation is retried with back-off until it is.
 */
@ApplicationScoped
public class NamespaceBootstrap {

    private static final Logger LOG = Logger.getLogger(NamespaceBootstrap.class);
    static final List<String> NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    private final ObjectService objects;
    private final ResourceType namespaces;

    NamespaceBootstrap(ObjectService objects, ResourceCatalog catalog) {
        this.objects = objects;
        this.namespaces = catalog.find("", "v1", "namespaces").orElseThrow();
    }

    void onStart(@Observes StartupEvent event) {
        VertxContextSupport.subscribe(() -> ensureAll().toMulti(), subscription -> subscription.with(
                done -> LOG.debugf("Namespaces %s present", NAMESPACES),
                failure -> LOG.errorf("Could not create the namespaces %s: %s", NAMESPACES, failure.getMessage())));
    }

    Uni<Void> ensureAll() {
        return Uni.join().all(NAMESPACES.stream().map(this::ensure).toList()).andFailFast().replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("Creating the namespaces %s failed (%s); retrying. Is "
                        + "PostgreSQL up? Check './kumos status'.", NAMESPACES, failure.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely();
    }

    private Uni<Void> ensure(String name) {
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}";
        return objects.create(namespaces, "", body, "kumos-gateway").replaceWithVoid()
                .onFailure(e -> e instanceof ApiException api && api.status().getCode() == 409)
                .recoverWithNull();
    }
}
