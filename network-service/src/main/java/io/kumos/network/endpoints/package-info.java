/**
 * The endpoints controller: for every Service with a selector, the Endpoints object of the same name and its
 * EndpointSlices, computed from the ready and not-ready pods the selector matches, as kube-controller-manager's
 * endpoints and endpointslice controllers compute them. The computation ({@code DesiredEndpoints},
 * {@code DesiredSlices}) is pure; {@link io.kumos.network.endpoints.EndpointsSync} compares it with what the grid's
 * projection shows and writes the differences through the api-gateway
 * ({@link io.kumos.network.endpoints.ObjectWrites}); {@link io.kumos.network.endpoints.EndpointsLoop} runs it every
 * second and at once when the grid says a pod or a Service changed.
 */
package io.kumos.network.endpoints;
