/**
 * Simulated nodes for scale tests and benchmarks, as kubemark's hollow nodes: Nodes registered through the API
 * that keep themselves alive as node agents do (the grid heartbeat, batched for the whole fleet; the Lease
 * optionally) but run no containers; optionally they report the pods bound to them Running and confirm their
 * deletion, as kubemark's hollow kubelet does with its fake runtime. Entry point: {@link io.kumos.testing.hollow.HollowNodes}.
 */
package io.kumos.testing.hollow;
