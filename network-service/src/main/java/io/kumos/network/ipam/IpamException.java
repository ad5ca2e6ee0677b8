package io.kumos.network.ipam;

/** An address or subnet that cannot be given: the range is exhausted. */
public class IpamException extends RuntimeException {

    public IpamException(String message) {
        super(message);
    }
}
