package io.kumos.network.ipam;

/** An IPv4 CIDR block: its subnets of a longer prefix, and its addresses, by index. */
public record Cidr(long base, int prefix) {

    /** Parses {@code 10.244.0.0/16}; the base is masked to the prefix. */
    public static Cidr parse(String text) {
        String[] parts = text.trim().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a CIDR: \"" + text + "\"");
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("not a prefix length: " + prefix);
        }
        long address = address(parts[0]);
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return new Cidr(address & mask, prefix);
    }

    static long address(String dotted) {
        String[] octets = dotted.split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: \"" + dotted + "\"");
        }
        long value = 0;
        for (String octet : octets) {
            int part = Integer.parseInt(octet);
            if (part < 0 || part > 255) {
                throw new IllegalArgumentException("not an IPv4 address: \"" + dotted + "\"");
            }
            value = value << 8 | part;
        }
        return value;
    }

    static String dotted(long address) {
        return (address >> 24 & 255) + "." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "." + (address & 255);
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    /** How many subnets of that prefix it holds. */
    public long subnets(int subnetPrefix) {
        return subnetPrefix < prefix ? 0 : 1L << (subnetPrefix - prefix);
    }

    /** Its {@code index}th subnet of that prefix. */
    public Cidr subnet(int subnetPrefix, long index) {
        return new Cidr(base + index * (1L << (32 - subnetPrefix)), subnetPrefix);
    }

    /** Its {@code index}th address. */
    public String address(long index) {
        return dotted(base + index);
    }

    /** The index of an address of this block (dotted), as {@link #address(long)} takes it. */
    public long indexOf(String address) {
        return address(address) - base;
    }

    /** Whether the address (dotted) lies in this block. */
    public boolean contains(String address) {
        long value = address(address);
        return value >= base && value < base + size();
    }

    @Override
    public String toString() {
        return dotted(base) + "/" + prefix;
    }
}
