package io.kumos.lb.proxy;

import java.util.Objects;

/**
 * A Service port that listeners forward to. A Service with several ports has one key per port, named after the
 * port's {@code name}: the name is what Endpoints use to say which of their ports serves which Service port.
 *
 * @param namespace the Service's namespace
 * @param name      the Service's name
 * @param port      the port's name; {@code ""} for the single unnamed port a Service may have
 */
public record ServiceKey(String namespace, String name, String port) {

    public ServiceKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        port = port == null ? "" : port;
    }

    /** {@code namespace/name:port}, or {@code namespace/name} for an unnamed port, as log lines show it. */
    @Override
    public String toString() {
        return namespace + "/" + name + (port.isEmpty() ? "" : ":" + port);
    }
}
