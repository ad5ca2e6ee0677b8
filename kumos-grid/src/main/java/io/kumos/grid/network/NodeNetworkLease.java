package io.kumos.grid.network;

import org.infinispan.protostream.annotations.Proto;

/**
 * A node's place on the pod network ({@code kumos-node-network}, by node name), flannel's subnet lease: what every
 * other node needs to reach its pods across the underlay. network-service writes it for the node's agent with a
 * lifespan of a few heartbeat periods, so a host that dies drops out of every node's routes by itself; an agent that
 * stops removes it at once.
 *
 * @param node            the node's name
 * @param podCidr         the node's pod subnet, e.g. {@code 10.244.3.0/24}
 * @param underlayAddress the node's own address on the underlay (its InternalIP), where its VXLAN packets (or, with
 *                        the host-gw backend, its pods' packets) go
 * @param vtepMac         the MAC address of the node's VXLAN device; empty for a node of the host-gw backend, which has
 *                        none
 * @param renewedAtMillis when the agent last renewed it, epoch milliseconds
 */
@Proto
public record NodeNetworkLease(String node, String podCidr, String underlayAddress, String vtepMac,
        long renewedAtMillis) {
}
