/**
 * The streaming subresources of pods, {@code pods/log} and {@code pods/exec}, proxied to the node agent that runs
 * the pod, as kube-apiserver proxies them to the kubelet: the agent listens where its Node says
 * ({@code status.addresses} InternalIP, {@code status.daemonEndpoints.kubeletEndpoint.Port}) and serves the
 * kubelet's paths, {@code /containerLogs/<ns>/<pod>/<container>} and {@code /exec/<ns>/<pod>/<container>} (WebSocket,
 * {@code v5.channel.k8s.io}).
 */
package io.kumos.gateway.streams;
