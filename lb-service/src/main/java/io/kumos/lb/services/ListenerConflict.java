package io.kumos.lb.services;

import io.kumos.lb.proxy.ListenerAddress;
import io.kumos.lb.proxy.ServiceKey;

/**
 * Two Service ports want the same listener (two LoadBalancer Services on one port, say): the older Service keeps
 * it, the other is reported like a listener that cannot bind.
 *
 * @param service the Service port left without the listener
 * @param holder  the Service port that has it
 */
public record ListenerConflict(ListenerAddress address, ServiceKey service, ServiceKey holder) {

    public String message() {
        return "port " + address.port() + " on " + address.host() + " is already served by Service " + holder;
    }
}
