/**
 * The node's part of the pod network when pods are attached by CNI ({@code kumos.agent.pod-network=cni}): the
 * node's namespace and its commands ({@link io.kumos.agent.network.NodeNamespace}), the CNI plugins that attach each
 * sandbox to the node's bridge ({@link io.kumos.agent.network.CniPlugins}), and one of flannel's two backends between
 * nodes: {@code vxlan}, the node's VTEP ({@link io.kumos.agent.network.VxlanDevice}) with the routes, neighbours and
 * forwarding entries to the other nodes, or {@code host-gw}, a route to each other node's pods via its underlay
 * address; planned from their leases ({@link io.kumos.agent.network.OverlayPlan}), compared with what the kernel has
 * ({@link io.kumos.agent.network.NodeKernel}) and kept in line by {@link io.kumos.agent.network.OverlayLoop}.
 *
 * <p>The agent's JVM stays in its own namespace (it talks to the grid, the API and Docker on loopback); everything
 * that belongs to the node's host runs in the node's namespace through {@code ip netns exec}. All of it is blocking
 * process execution: worker threads only.
 */
package io.kumos.agent.network;
