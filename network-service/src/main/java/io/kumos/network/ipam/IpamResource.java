package io.kumos.network.ipam;

import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.common.annotation.Blocking;

/**
 * What node agents ask of the pod network: their node's subnet, an address for a pod, and to give it back.
 * <ul>
 * <li>{@code PUT /network/v1/nodes/<node>/subnet} → {@code {"node":…, "podCIDR":"10.244.3.0/24"}}</li>
 * <li>{@code POST /network/v1/pods/<uid>/address?node=<node>} → {@code {"pod":…, "address":"10.244.3.2"}}</li>
 * <li>{@code DELETE /network/v1/pods/<uid>/address} → 204</li>
 * </ul>
 * Asking again gives the same answer, so an agent that crashed mid-way just asks again.
 */
@Path("/network/v1")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class IpamResource {

    private final Ipam ipam;

    IpamResource(Ipam ipam) {
        this.ipam = ipam;
    }

    /** 409 when no subnet is free (Ipam warns once of it): the agent goes on without one, its pods do not start. */
    @PUT
    @Path("nodes/{node}/subnet")
    public Response subnet(@PathParam("node") String node) {
        try {
            return Response.ok(Map.of("node", node, "podCIDR", ipam.subnetOf(node).toString())).build();
        } catch (IpamException e) {
            return refused(e);
        }
    }

    @POST
    @Path("pods/{uid}/address")
    public Response address(@PathParam("uid") String uid, @QueryParam("node") String node) {
        if (node == null || node.isBlank()) {
            return Response.status(400).entity(Map.of("message", "the node is required: ?node=<name>")).build();
        }
        try {
            return Response.ok(Map.of("pod", uid, "address", ipam.addressOf(uid, node))).build();
        } catch (IpamException e) {
            return refused(e);
        }
    }

    /** A refusal of the ledger: 409 with its message, which the agent reports. */
    static Response refused(IpamException e) {
        return Response.status(409).entity(Map.of("message", e.getMessage())).build();
    }

    @DELETE
    @Path("pods/{uid}/address")
    public Response release(@PathParam("uid") String uid) {
        ipam.release(uid);
        return Response.noContent().build();
    }
}
