/**
 * The node lifecycle controller, as kube-controller-manager's node lifecycle and taint eviction controllers: it
 * judges every node's liveness from the grid's heartbeats and the nodes' Leases, sets the conditions of nodes gone
 * silent to Unknown, taints nodes that are unreachable, not ready or cordoned, marks the pods of failed nodes not
 * ready and evicts the pods that do not tolerate a node's NoExecute taints.
 *
 * <p>Pure decisions ({@link io.kumos.health.nodes.NodeHealth}, {@link io.kumos.health.nodes.NodeTaints},
 * {@link io.kumos.health.nodes.TaintEviction}, {@link io.kumos.health.nodes.LifecyclePlanner}) are kept apart from
 * the I/O ({@link io.kumos.health.nodes.NodeLifecycleController} reads the grid,
 * {@link io.kumos.health.nodes.LifecycleWriter} writes through the api-gateway). Everything is level-triggered:
 * each pass decides from what the grid shows, so a replica that takes over after a crash completes what the last
 * one left half done.
 */
package io.kumos.health.nodes;
