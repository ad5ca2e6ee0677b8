/**
 * The gateway's side of the service network: a Service's cluster IP and node ports are allocated by network-service
 * while the gateway writes the Service, synchronously, as kube-apiserver allocates them, so that {@code kubectl
 * expose} answers with the address. {@link io.kumos.gateway.network.ServiceAddresses} plans and makes the calls
 * around each write and turns refusals into kube-apiserver's Status; {@link io.kumos.gateway.network.NetworkClient}
 * is the HTTP client. network-service's reconciler frees whatever a failed or interrupted write leaves claimed.
 */
package io.kumos.gateway.network;
