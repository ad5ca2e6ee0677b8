package io.kumos.network.ipam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.common.annotation.Blocking;

/**
 * What the api-gateway asks of the service network while it creates or changes a Service, keyed by the uid it gave
 * the Service:
 * <ul>
 * <li>{@code POST /network/v1/services/<uid>/cluster-ip?service=<ns>/<name>[&ip=<address>]} →
 * {@code {"clusterIP":"10.96.12.7"}}: the one asked for, else a free one; asking again gives the same one.</li>
 * <li>{@code DELETE /network/v1/services/<uid>/cluster-ip} → 204</li>
 * <li>{@code POST /network/v1/services/<uid>/node-ports?service=<ns>/<name>} with {@code {"nodePorts":[30080,0]}}
 * → {@code {"nodePorts":[30080,31234]}}: each port asked for, a free one for each 0; all or none.</li>
 * <li>{@code DELETE /network/v1/services/<uid>/node-ports?port=30080&port=31234} → 204</li>
 * </ul>
 * A refusal answers {@code {"reason":…, "message":…, "index":…}}: 409 with reason {@code AlreadyAllocated} or
 * {@code RangeFull}, 422 with {@code OutOfRange}; {@code index} is the refused entry of {@code nodePorts}. The
 * messages are kube-apiserver's, for the gateway to pass on.
 */
@Path("/network/v1/services")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ServiceIpamResource {

    private final ServiceIps serviceIps;
    private final NodePorts nodePorts;

    ServiceIpamResource(ServiceIps serviceIps, NodePorts nodePorts) {
        this.serviceIps = serviceIps;
        this.nodePorts = nodePorts;
    }

    /** What the gateway sends for node ports: one entry per Service port, 0 for "any". */
    public record NodePortRequest(List<Integer> nodePorts) {
    }

    @POST
    @Path("{uid}/cluster-ip")
    public Response clusterIp(@PathParam("uid") String uid, @QueryParam("service") String service,
            @QueryParam("ip") String requested) {
        try {
            String address = serviceIps.clusterIpOf(uid, named(service, uid),
                    Optional.ofNullable(requested).filter(ip -> !ip.isBlank()));
            return Response.ok(Map.of("clusterIP", address)).build();
        } catch (IpamException e) {
            return refusal(e);
        }
    }

    @DELETE
    @Path("{uid}/cluster-ip")
    public Response releaseClusterIp(@PathParam("uid") String uid) {
        serviceIps.release(uid);
        return Response.noContent().build();
    }

    @POST
    @Path("{uid}/node-ports")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response nodePorts(@PathParam("uid") String uid, @QueryParam("service") String service,
            NodePortRequest request) {
        if (request == null || request.nodePorts() == null || request.nodePorts().contains(null)) {
            return Response.status(400).entity(Map.of("reason", "BadRequest", "message",
                    "the body must be {\"nodePorts\":[<port, or 0 for any>, …]}")).build();
        }
        try {
            return Response.ok(Map.of("nodePorts", nodePorts.claim(uid, named(service, uid), request.nodePorts())))
                    .build();
        } catch (IpamException e) {
            return refusal(e);
        }
    }

    @DELETE
    @Path("{uid}/node-ports")
    public Response releaseNodePorts(@PathParam("uid") String uid, @QueryParam("port") List<Integer> ports) {
        nodePorts.release(uid, ports);
        return Response.noContent().build();
    }

    private static String named(String service, String uid) {
        return service == null || service.isBlank() ? uid : service;
    }

    private static Response refusal(IpamException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", switch (e.reason()) {
            case RANGE_FULL -> "RangeFull";
            case ALREADY_ALLOCATED -> "AlreadyAllocated";
            case OUT_OF_RANGE -> "OutOfRange";
        });
        body.put("message", e.getMessage());
        body.put("index", e.index());
        return Response.status(e.reason() == IpamException.Reason.OUT_OF_RANGE ? 422 : 409).entity(body).build();
    }
}
