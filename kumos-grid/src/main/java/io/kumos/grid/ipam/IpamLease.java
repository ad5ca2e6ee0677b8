package io.kumos.grid.ipam;

import org.infinispan.protostream.annotations.Proto;

/**
 * One entry of the IPAM ledger ({@code kumos-ipam}): who holds an address range or an address, or which one a
 * holder has. Keys: {@code subnet/<cidr>} and {@code ip/<address>} (held by a node, a pod uid), {@code node/<name>}
 * and {@code pod/<uid>} (the cidr, the address held). Written only with atomic conditional operations.
 *
 * @param holder     the node name or pod uid
 * @param value      the cidr or address (on {@code node/}, {@code pod/} entries), else the holder's node
 * @param atMillis   when it was written, epoch milliseconds
 */
@Proto
public record IpamLease(String holder, String value, long atMillis) {
}
