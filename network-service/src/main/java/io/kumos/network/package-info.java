/**
 * The network-service.
 * <ul>
 * <li>{@code ipam}: the overlay IPAM (cluster CIDR, per-node subnet leases, pod IPs) and the service network
 * (Services' cluster IPs from the service CIDR, node ports), through atomic conditional writes in the grid's ledger,
 * with a reconciler that frees what no live pod, Service or node holds. The api-gateway asks for a Service's
 * addresses while it writes the Service; node agents ask for their subnet and their pods' addresses.</li>
 * <li>{@code overlay}: the overlay's control plane: the nodes' leases (subnet, underlay address, VTEP MAC) from
 * which every node agent programs its VXLAN routes.</li>
 * <li>{@code endpoints}: the endpoints controller, which keeps every Service's Endpoints and EndpointSlices in line
 * with its ready and not-ready pods, writing through the api-gateway.</li>
 * </ul>
 */
package io.kumos.network;
