package io.kumos.gateway.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.gateway.kinds.Kinds;
import io.kumos.gateway.kinds.ServiceSpecs;
import io.kumos.gateway.resources.ResourceType;
import io.kumos.gateway.status.ApiException;
import io.smallrye.mutiny.Uni;

/**
 * A Service's cluster IP and node ports around each write of it, as kube-apiserver allocates them: claimed from
 * network-service before the write ({@link #claim}, which fills them into the object), given back if the write
 * fails ({@link Claims#undo}), and the ones the Service no longer holds given back once it is committed
 * ({@link Claims#settle}, {@link #release} for a Service removed). A claim network-service refuses is the write's
 * refusal, worded as kube-apiserver's: 422 Invalid for a cluster IP or node port that is taken or out of range,
 * 500 InternalError for a full range or a network-service that does not answer; nothing is written then.
 *
 * <p>Giving back is best effort: a release that fails is logged, and network-service's reconciler frees what no
 * live Service holds after its grace, so a crash between claim and commit leaks nothing either. Other kinds claim
 * nothing. Never blocks.
 */
@ApplicationScoped
public class ServiceAddresses {

    private static final Logger LOG = Logger.getLogger(ServiceAddresses.class);
    private static final Claims NONE = new Claims(null, null, "", null, false, List.of());

    private final NetworkClient network;

    ServiceAddresses(NetworkClient network) {
        this.network = network;
    }

    /**
     * Claims what the Service, about to be written, needs and the old one (null on create) did not hold, and fills it
     * into {@code service}. Fails with the write's {@link ApiException} if network-service refuses or does not
     * answer, having given back what it claimed.
     */
    public Uni<Claims> claim(ResourceType type, ObjectNode service, JsonNode old) {
        if (!isService(type)) {
            return Uni.createFrom().item(NONE);
        }
        ServiceAddressPlan plan = ServiceAddressPlan.of(service, old);
        String uid = service.path("metadata").path("uid").asText();
        String name = service.path("metadata").path("name").asText();
        String ref = service.path("metadata").path("namespace").asText() + "/" + name;
        if (plan.claimsNothing()) {
            return Uni.createFrom().item(new Claims(this, plan, uid, ref, false, List.of()));
        }
        Uni<Optional<String>> clusterIp = plan.clusterIp().isEmpty() ? Uni.createFrom().item(Optional.empty())
                : network.clusterIp(uid, ref, plan.clusterIp().filter(ip -> !ip.isEmpty())).map(Optional::of)
                        .onFailure(NetworkException.class)
                        .transform(e -> clusterIpRefusal(name, plan.clusterIp().get(), (NetworkException) e));
        return clusterIp.chain(address -> {
            address.ifPresent(ip -> fillClusterIp(type, service, ip));
            if (plan.nodePorts().isEmpty()) {
                return Uni.createFrom().item(new Claims(this, plan, uid, ref, address.isPresent(), List.of()));
            }
            return network.nodePorts(uid, ref, plan.nodePorts())
                    .map(ports -> {
                        fillNodePorts(service, plan.portIndexes(), ports);
                        return new Claims(this, plan, uid, ref, address.isPresent(), ports);
                    })
                    .onFailure().recoverWithUni(e -> (address.isPresent() ? giveBackClusterIp(uid, ref)
                            : Uni.createFrom().voidItem()).chain(() -> Uni.createFrom().failure(
                                    e instanceof NetworkException refusal ? nodePortRefusal(name, plan, refusal) : e)));
        });
    }

    /** Gives back everything a removed Service held. Never fails. */
    public Uni<Void> release(ResourceType type, JsonNode removed) {
        if (!isService(type)) {
            return Uni.createFrom().voidItem();
        }
        JsonNode spec = removed.path("spec");
        String uid = removed.path("metadata").path("uid").asText();
        String ref = removed.path("metadata").path("namespace").asText() + "/"
                + removed.path("metadata").path("name").asText();
        List<Integer> ports = new ArrayList<>();
        spec.path("ports").forEach(port -> {
            if (port.path("nodePort").asInt(0) != 0) {
                ports.add(port.path("nodePort").asInt());
            }
        });
        Uni<Void> clusterIp = ServiceSpecs.hasClusterIp(spec) && !ServiceSpecs.headless(spec)
                && !ServiceSpecs.clusterIp(spec).isEmpty() ? giveBackClusterIp(uid, ref) : Uni.createFrom().voidItem();
        return clusterIp.chain(() -> giveBackNodePorts(uid, ref, ports));
    }

    /** What one write claimed, and what it gives back when it fails or is committed. */
    public static final class Claims {

        private final ServiceAddresses addresses;
        private final ServiceAddressPlan plan;
        private final String uid;
        private final String ref;
        private final boolean claimedClusterIp;
        private final List<Integer> claimedNodePorts;

        private Claims(ServiceAddresses addresses, ServiceAddressPlan plan, String uid, String ref,
                boolean claimedClusterIp, List<Integer> claimedNodePorts) {
            this.addresses = addresses;
            this.plan = plan;
            this.uid = uid;
            this.ref = ref;
            this.claimedClusterIp = claimedClusterIp;
            this.claimedNodePorts = claimedNodePorts;
        }

        /** The write failed: gives back what it claimed. Never fails. */
        public Uni<Void> undo() {
            if (addresses == null) {
                return Uni.createFrom().voidItem();
            }
            return (claimedClusterIp ? addresses.giveBackClusterIp(uid, ref) : Uni.createFrom().voidItem())
                    .chain(() -> addresses.giveBackNodePorts(uid, ref, claimedNodePorts));
        }

        /** The write is committed: gives back what the Service held and no longer does. Never fails. */
        public Uni<Void> settle() {
            if (addresses == null) {
                return Uni.createFrom().voidItem();
            }
            return (plan.releasesClusterIp() ? addresses.giveBackClusterIp(uid, ref) : Uni.createFrom().voidItem())
                    .chain(() -> addresses.giveBackNodePorts(uid, ref, plan.releasedNodePorts()));
        }
    }

    private Uni<Void> giveBackClusterIp(String uid, String ref) {
        return network.releaseClusterIp(uid).onFailure().recoverWithUni(e -> {
            LOG.warnf("Could not give back the cluster IP of Service %s (%s); network-service frees it by itself "
                    + "once no Service holds it", ref, e.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> giveBackNodePorts(String uid, String ref, List<Integer> ports) {
        if (ports.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return network.releaseNodePorts(uid, ports).onFailure().recoverWithUni(e -> {
            LOG.warnf("Could not give back the node ports %s of Service %s (%s); network-service frees them by "
                    + "itself once no Service holds them", ports, ref, e.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    /** Writes the cluster IP into the Service, with the fields defaulting derives from it. */
    private static void fillClusterIp(ResourceType type, ObjectNode service, String ip) {
        ObjectNode spec = (ObjectNode) service.path("spec");
        spec.put("clusterIP", ip);
        spec.putArray("clusterIPs").add(ip);
        Kinds.of(type.kind()).applyDefaults(service);
    }

    private static void fillNodePorts(ObjectNode service, List<Integer> indexes, List<Integer> ports) {
        JsonNode list = service.path("spec").path("ports");
        for (int i = 0; i < indexes.size(); i++) {
            ((ObjectNode) list.path(indexes.get(i))).put("nodePort", ports.get(i));
        }
    }

    private static ApiException clusterIpRefusal(String name, String requested, NetworkException e) {
        return switch (e.reason()) {
            case ALREADY_ALLOCATED, OUT_OF_RANGE -> ApiException.invalid("Service", name, List.of(
                    ApiException.fieldCause("FieldValueInvalid", "spec.clusterIPs", "Invalid value: []string{\""
                            + requested + "\"}: failed to allocate IP " + requested + ": " + e.getMessage())));
            case RANGE_FULL -> full("failed to allocate a serviceIP: " + e.getMessage(), "service-cidr");
            case UNAVAILABLE -> unavailable("failed to allocate a serviceIP: " + e.getMessage());
        };
    }

    private static ApiException nodePortRefusal(String name, ServiceAddressPlan plan, NetworkException e) {
        boolean known = e.index() >= 0 && e.index() < plan.portIndexes().size();
        return switch (e.reason()) {
            case ALREADY_ALLOCATED, OUT_OF_RANGE -> known
                    ? ApiException.invalid("Service", name, List.of(ApiException.fieldCause("FieldValueInvalid",
                            "spec.ports[" + plan.portIndexes().get(e.index()) + "].nodePort", "Invalid value: "
                                    + plan.nodePorts().get(e.index()) + ": " + e.getMessage())))
                    : unavailable("failed to allocate a nodePort: " + e.getMessage());
            case RANGE_FULL -> full("failed to allocate a nodePort: " + e.getMessage(), "node-port-range");
            case UNAVAILABLE -> unavailable("failed to allocate a nodePort: " + e.getMessage());
        };
    }

    private static ApiException full(String message, String setting) {
        LOG.warnf("A Service write failed: %s. Delete Services no longer used, or widen network-service's "
                + "kumos.network.%s.", message, setting);
        return ApiException.internalError(message);
    }

    private static ApiException unavailable(String message) {
        LOG.warnf("A Service write failed: %s. Is network-service up? Check './kumos status'.", message);
        return ApiException.internalError(message);
    }

    private static boolean isService(ResourceType type) {
        return "Service".equals(type.kind()) && type.apiVersion().equals("v1");
    }
}
