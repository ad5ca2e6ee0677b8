package io.kumos.lb.proxy;

/**
 * What became of a wanted listener: bound, or not (the port is taken, the address is not local…), with the
 * reason. A listener that failed is tried again on every later {@link TcpProxy#apply}, so freeing the port is
 * enough to bring it up.
 *
 * @param error why it could not bind; {@code null} when bound
 */
public record ListenerStatus(ListenerAddress address, ServiceKey service, boolean bound, String error) {

    public static ListenerStatus bound(ListenerAddress address, ServiceKey service) {
        return new ListenerStatus(address, service, true, null);
    }

    public static ListenerStatus failed(ListenerAddress address, ServiceKey service, String error) {
        return new ListenerStatus(address, service, false, error);
    }
}
