package io.kumos.gateway.network;

/**
 * network-service did not give what a Service write asked for: why ({@link Reason}), its words, and which of the
 * node ports asked for at once it concerns ({@code -1} if not one of them).
 */
public class NetworkException extends RuntimeException {

    /** Why nothing was given. */
    public enum Reason {
        /** The address or port asked for is another Service's. */
        ALREADY_ALLOCATED,
        /** The address or port asked for lies outside the range. */
        OUT_OF_RANGE,
        /** Nothing of the range is free. */
        RANGE_FULL,
        /** network-service did not answer, or not as it should. */
        UNAVAILABLE
    }

    private final Reason reason;
    private final int index;

    NetworkException(Reason reason, String message, int index) {
        super(message);
        this.reason = reason;
        this.index = index;
    }

    static NetworkException unavailable(String message) {
        return new NetworkException(Reason.UNAVAILABLE, message, -1);
    }

    public Reason reason() {
        return reason;
    }

    public int index() {
        return index;
    }
}
