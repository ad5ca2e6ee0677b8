/**
 * The overlay's control plane, as flannel's subnet manager: each node agent tells its underlay address and VTEP MAC
 * with every heartbeat and gets its pod subnet back; the node's lease in the grid ({@code kumos-node-network})
 * carries all three, and every agent programs its routes and VXLAN forwarding entries from the leases.
 */
package io.kumos.network.overlay;
