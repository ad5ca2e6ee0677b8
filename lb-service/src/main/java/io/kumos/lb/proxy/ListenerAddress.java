package io.kumos.lb.proxy;

/**
 * Where a listener accepts connections: the bind address ({@code 127.0.0.1} in the single-machine default,
 * {@code 0.0.0.0} on a host that serves others) and a Service's port or node port.
 */
public record ListenerAddress(String host, int port) {

    public ListenerAddress {
        HostPort.checkPort(port);
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a listener needs a bind address");
        }
    }

    /** Reads {@code 127.0.0.1:30080} or {@code [::1]:30080}. */
    public static ListenerAddress parse(String text) {
        HostPort parsed = HostPort.parse(text);
        return new ListenerAddress(parsed.host(), parsed.port());
    }

    @Override
    public String toString() {
        return HostPort.format(host, port);
    }
}
