package io.kumos.grid;

import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;

import io.kumos.grid.components.ComponentRecord;
import io.kumos.grid.ipam.IpamLease;
import io.kumos.grid.network.NodeNetworkLease;
import io.kumos.grid.nodes.NodeHeartbeat;
import io.kumos.grid.objects.GridObject;

/** The protostream schema of everything Kumos keeps in the grid; generated at compile time. */
@ProtoSchema(includeClasses = {ComponentRecord.class, GridObject.class, NodeHeartbeat.class, IpamLease.class,
        NodeNetworkLease.class}, schemaPackageName = "kumos.grid",
        schemaFileName = "kumos-grid.proto", schemaFilePath = "proto/")
public interface GridSchema extends GeneratedSchema {
}
