package io.kumos.agent.network;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the node's kernel has, read back through iproute2's JSON output: a link's details, and the entries
 * {@link OverlayPlan} plans (the VXLAN device with its routes, neighbours and forwarding entries, and the host-gw
 * routes Kumos made on the underlay link), so that each pass compares the plan with the kernel, not with what the
 * agent remembers having done. Blocking: worker threads only.
 */
@ApplicationScoped
public class NodeKernel {

    private final NodeNamespace namespace;
    private final ObjectMapper json;

    NodeKernel(NodeNamespace namespace, ObjectMapper json) {
        this.namespace = namespace;
        this.json = json;
    }

    /** A link's details ({@code ip -d link show}), if the node has it. */
    public Optional<JsonNode> link(String name) {
        try {
            return Optional.of(parse(namespace.run("ip", "-j", "-d", "link", "show", name)).path(0));
        } catch (NodeNamespace.CommandFailure e) {
            return Optional.empty();
        }
    }

    /** A link's MTU. */
    public int mtu(String name) {
        return link(name).orElseThrow(() -> new NodeNamespace.CommandFailure("the node has no link " + name
                + " (kumos.agent.underlay-device)")).path("mtu").asInt(1500);
    }

    /** The entries of both backends the node has now. */
    public OverlayPlan.Entries entries(OverlayPlan.Links links) {
        Set<OverlayPlan.Gateway> gateways = collect(namespace.run("ip", "-j", "route", "show", "dev",
                links.underlay(), "proto", OverlayPlan.PROTOCOL), entry -> entry.has("gateway")
                        ? new OverlayPlan.Gateway(entry.path("dst").asText(), entry.path("gateway").asText()) : null);
        if (link(links.vxlan()).isEmpty()) {
            return new OverlayPlan.Entries(false, Set.of(), Set.of(), Set.of(), gateways);
        }
        String device = links.vxlan();
        Set<OverlayPlan.Route> routes = collect(namespace.run("ip", "-j", "route", "show", "dev", device), entry ->
                entry.has("gateway") ? new OverlayPlan.Route(entry.path("dst").asText(),
                        entry.path("gateway").asText()) : null);
        Set<OverlayPlan.Neighbour> neighbours = collect(namespace.run("ip", "-j", "neigh", "show", "dev", device),
                entry -> entry.has("lladdr") ? new OverlayPlan.Neighbour(entry.path("dst").asText(),
                        entry.path("lladdr").asText()) : null);
        Set<OverlayPlan.Forwarding> forwarding = collect(namespace.run("bridge", "-j", "fdb", "show", "dev", device),
                entry -> entry.has("dst") ? new OverlayPlan.Forwarding(entry.path("mac").asText(),
                        entry.path("dst").asText()) : null);
        return new OverlayPlan.Entries(true, routes, neighbours, forwarding, gateways);
    }

    private <T> Set<T> collect(String output, Function<JsonNode, T> entry) {
        Set<T> entries = new HashSet<>();
        for (JsonNode node : parse(output)) {
            T value = entry.apply(node);
            if (value != null) {
                entries.add(value);
            }
        }
        return entries;
    }

    private JsonNode parse(String output) {
        try {
            return output.isBlank() ? json.createArrayNode() : json.readTree(output);
        } catch (JsonProcessingException e) {
            throw new NodeNamespace.CommandFailure("iproute2 printed no JSON: " + e.getOriginalMessage());
        }
    }
}
