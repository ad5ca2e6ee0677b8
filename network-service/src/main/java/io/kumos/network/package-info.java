/**
 * The network-service. Overlay IPAM (cluster CIDR, per-node subnet leases, pod IPs, Service cluster IPs) through atomic
 * conditional writes in the grid, and the overlay data plane across hosts.
 */
package io.kumos.network;
