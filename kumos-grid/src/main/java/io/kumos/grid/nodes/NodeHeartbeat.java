package io.kumos.grid.nodes;

import org.infinispan.protostream.annotations.Proto;

/**
 * A node agent's sign of life in the grid ({@code kumos-node-heartbeats}, by node name), written with a lifespan
 * and renewed every heartbeat period: a node whose entry has expired has not been heard from. health-service reads
 * them; the Node's Lease in the API says the same to kubectl.
 *
 * @param node            the node's name
 * @param agentAddress    where the agent answers, {@code host:port}
 * @param renewedAtMillis when the agent last renewed it, epoch milliseconds
 * @param ready           whether the agent can run pods (its Docker engine answers)
 */
@Proto
public record NodeHeartbeat(String node, String agentAddress, long renewedAtMillis, boolean ready) {
}
