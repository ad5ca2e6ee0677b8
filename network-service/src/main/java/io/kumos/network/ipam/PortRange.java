package io.kumos.network.ipam;

/** A range of ports, both ends included, as {@code --service-node-port-range} writes it: {@code 30000-32767}. */
public record PortRange(int first, int last) {

    public PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("not a port range: " + first + "-" + last);
        }
    }

    /** Parses {@code 30000-32767}. */
    public static PortRange parse(String text) {
        String[] ends = text.trim().split("-");
        if (ends.length != 2) {
            throw new IllegalArgumentException("not a port range: \"" + text + "\" (write it first-last)");
        }
        return new PortRange(Integer.parseInt(ends[0].trim()), Integer.parseInt(ends[1].trim()));
    }

    public int size() {
        return last - first + 1;
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
