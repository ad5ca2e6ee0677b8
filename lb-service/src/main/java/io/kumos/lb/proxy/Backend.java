package io.kumos.lb.proxy;

import java.net.InetSocketAddress;
import java.util.regex.Pattern;

/**
 * An endpoint connections are forwarded to. Always an IP address, never a host name: the connection path does no
 * DNS lookups, and Endpoints hold addresses anyway.
 *
 * @param ip   an IPv4 or IPv6 literal
 * @param port 1–65535
 */
public record Backend(String ip, int port) {

    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
            + "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    /** Hex groups and colons, possibly ending in a dotted IPv4 part; loose, but never a host name. */
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]+(:[0-9.]+)?");

    public Backend {
        HostPort.checkPort(port);
        if (!isIpLiteral(ip)) {
            throw new IllegalArgumentException("an endpoint needs an IP address, not \"" + ip + "\"");
        }
    }

    /**
     * Whether this is an IPv4 or IPv6 address as text, so that making a socket address of it cannot start a DNS
     * lookup.
     */
    public static boolean isIpLiteral(String text) {
        return text != null && (IPV4.matcher(text).matches()
                || (text.indexOf(':') >= 0 && IPV6.matcher(text).matches()));
    }

    /** Reads {@code 10.0.0.1:8080} or {@code [fd00::1]:8080}. */
    public static Backend parse(String text) {
        HostPort parsed = HostPort.parse(text);
        return new Backend(parsed.host(), parsed.port());
    }

    /** The socket address to connect to, resolved without DNS since {@link #ip} is a literal. */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(ip, port);
    }

    @Override
    public String toString() {
        return HostPort.format(ip, port);
    }
}
