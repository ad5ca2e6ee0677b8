package io.kumos.network.overlay;

import java.util.Map;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.kumos.network.ipam.IpamException;
import io.smallrye.common.annotation.Blocking;

/**
 * What node agents on the overlay ask of network-service:
 * <ul>
 * <li>{@code PUT /network/v1/nodes/<node>/lease} with {@code {"underlayAddress":…, "vtepMac":…}}, every heartbeat →
 * {@code {"node":…, "podCIDR":"10.244.3.0/24"}}; a node of the {@code host-gw} backend has no VTEP: its
 * {@code vtepMac} is empty or left out</li>
 * <li>{@code DELETE /network/v1/nodes/<node>/lease} when the agent stops → 204</li>
 * </ul>
 */
@Path("/network/v1/nodes/{node}/lease")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class NodeLeaseResource {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}");
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");

    /** What an agent tells of its node; no VTEP MAC for a node without a VXLAN device. */
    public record Renewal(String underlayAddress, String vtepMac) {
    }

    private final NodeLeases leases;

    NodeLeaseResource(NodeLeases leases) {
        this.leases = leases;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response renew(@PathParam("node") String node, Renewal renewal) {
        if (renewal == null || renewal.underlayAddress() == null || !IPV4.matcher(renewal.underlayAddress()).matches()
                || renewal.vtepMac() != null && !renewal.vtepMac().isEmpty()
                        && !MAC.matcher(renewal.vtepMac()).matches()) {
            return Response.status(400).entity(Map.of("message", "the body must be {\"underlayAddress\": an IPv4 "
                    + "address, \"vtepMac\": a MAC address in lower case, or empty for a host-gw node}")).build();
        }
        String vtepMac = renewal.vtepMac() == null ? "" : renewal.vtepMac();
        try {
            String subnet = leases.renew(node, renewal.underlayAddress(), vtepMac).toString();
            return Response.ok(Map.of("node", node, "podCIDR", subnet)).build();
        } catch (IpamException e) {
            return Response.status(409).entity(Map.of("message", e.getMessage())).build();
        }
    }

    @DELETE
    public Response remove(@PathParam("node") String node) {
        leases.remove(node);
        return Response.noContent().build();
    }
}
