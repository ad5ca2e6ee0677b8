/**
 * The streaming subresources of pods, {@code pods/log}, {@code pods/exec}, {@code pods/attach} and
 * {@code pods/portforward}, proxied to the node agent that runs the pod, as kube-apiserver proxies them to the
 * kubelet: the agent listens where its Node says ({@code status.addresses} InternalIP,
 * {@code status.daemonEndpoints.kubeletEndpoint.Port}) and serves the kubelet's paths,
 * {@code /containerLogs/<ns>/<pod>/<container>}, {@code /exec/<ns>/<pod>/<container>} and
 * {@code /attach/<ns>/<pod>/<container>} (WebSocket, {@code v5.channel.k8s.io}), and {@code /portForward/<ns>/<pod>}
 * (one WebSocket per forwarded connection). kubectl's SPDY/3.1 (exec, attach, port-forward) and its SPDY in a
 * WebSocket (port-forward, 1.31+) end here, in one codec ({@link io.kumos.gateway.streams.SpdyUpgrade}).
 */
package io.kumos.gateway.streams;
