package io.kumos.network.ipam;

/**
 * An address, subnet or port that cannot be given, with why: the range has none left, the one asked for is
 * someone else's, or it lies outside the range. {@link #index()} says which of several asked for at once (the
 * ports of a Service) it concerns, {@code -1} when there was only one.
 */
public class IpamException extends RuntimeException {

    /** Why nothing was given; the REST API answers with its name. */
    public enum Reason {
        /** Nothing of the range is free. */
        RANGE_FULL,
        /** The one asked for is held by someone else. */
        ALREADY_ALLOCATED,
        /** The one asked for lies outside the range. */
        OUT_OF_RANGE
    }

    private final Reason reason;
    private final int index;

    private IpamException(Reason reason, String message, int index) {
        super(message);
        this.reason = reason;
        this.index = index;
    }

    public static IpamException rangeFull(String message) {
        return new IpamException(Reason.RANGE_FULL, message, -1);
    }

    public static IpamException alreadyAllocated(String message, int index) {
        return new IpamException(Reason.ALREADY_ALLOCATED, message, index);
    }

    public static IpamException outOfRange(String message, int index) {
        return new IpamException(Reason.OUT_OF_RANGE, message, index);
    }

    /** The same refusal about the {@code index}th of several things asked for at once. */
    IpamException at(int index) {
        return new IpamException(reason, getMessage(), index);
    }

    public Reason reason() {
        return reason;
    }

    public int index() {
        return index;
    }
}
