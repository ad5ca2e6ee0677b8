package io.kumos.network.ipam;

/**
 * The keys of the IPAM ledger ({@link io.kumos.grid.ipam.IpamLease}): a <em>claim</em> on the thing given
 * ({@code subnet/<cidr>}, {@code ip/<address>}, {@code service-ip/<address>}, {@code node-port/<port>}) and the
 * holder's <em>record</em> of what it has ({@code node/<name>}, {@code pod/<uid>}, {@code service/<uid>}).
 * A node port has no record: a Service may hold several and lists them itself, which is what the reconciler
 * compares its claims with.
 *
 * <p>The order of writes is the ledger's whole safety argument: a claim is written before its record and removed
 * after it. So a record always points at a claim of its own holder, a crash leaves at worst a claim without a
 * record (which the reconciler frees after {@code kumos.network.orphan-grace}), and a thing is never free while
 * someone's record still points at it.
 */
enum LedgerKey {

    SUBNET("subnet/"), IP("ip/"), NODE("node/"), POD("pod/"),
    SERVICE_IP("service-ip/"), SERVICE("service/"), NODE_PORT("node-port/");

    private final String prefix;

    LedgerKey(String prefix) {
        this.prefix = prefix;
    }

    /** The key of that subnet, address, node or pod. */
    String of(Object name) {
        return prefix + name;
    }

    boolean matches(String key) {
        return key.startsWith(prefix);
    }

    /** The subnet, address, node or pod a key of this kind names. */
    String nameIn(String key) {
        return key.substring(prefix.length());
    }
}
