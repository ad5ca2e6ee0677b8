package io.kumos.grid;

import org.infinispan.client.hotrod.DataFormat;
import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.commons.dataconversion.MediaType;

/**
 * Names of the caches of the grid. Each has a definition file {@code kumos/grid/caches/<name>.xml} in this module,
 * wired in {@code META-INF/microprofile-config.properties}, from which the Hot Rod client creates it on first use.
 */
public final class GridCaches {

    /** Running control-plane processes: {@link io.kumos.grid.components.ComponentRecord} by instance id. */
    public static final String COMPONENTS = "kumos-components";

    /** The API objects projected from the record: {@link io.kumos.grid.objects.GridObject} by its key. */
    public static final String OBJECTS = "kumos-objects";

    /** Node agents' heartbeats: {@link io.kumos.grid.nodes.NodeHeartbeat} by node name, each with a lifespan. */
    public static final String NODE_HEARTBEATS = "kumos-node-heartbeats";

    /** The IPAM ledger: {@link io.kumos.grid.ipam.IpamLease}s of node subnets and pod addresses. */
    public static final String IPAM = "kumos-ipam";

    /**
     * The pod network's node leases: {@link io.kumos.grid.network.NodeNetworkLease} by node name, each with a
     * lifespan.
     */
    public static final String NODE_NETWORK = "kumos-node-network";

    /**
     * Leader locks: the id of the process leading a control loop, by the loop's name, each with a lifespan (see
     * {@link io.kumos.grid.leader.LeaderLock}).
     */
    public static final String LEADER_LOCKS = "kumos-leader-locks";

    /** Keys and values of every Kumos cache travel as protostream, whatever the client guessed at first contact. */
    private static final DataFormat PROTOSTREAM = DataFormat.builder()
            .keyType(MediaType.APPLICATION_PROTOSTREAM)
            .valueType(MediaType.APPLICATION_PROTOSTREAM)
            .build();

    private GridCaches() {
    }

    /**
     * Opens a cache of the grid, creating it from its definition file if the server does not have it yet.
     *
     * <p>The data format is pinned: a client that first met the cache while the server was still starting (or
     * while another service was creating it) would otherwise keep a wrong guess of its key format and write
     * entries nobody else can read.
     */
    public static <K, V> RemoteCache<K, V> open(RemoteCacheManager grid, String name) {
        RemoteCache<K, V> cache = grid.getCache(name);
        return cache.withDataFormat(PROTOSTREAM);
    }
}
