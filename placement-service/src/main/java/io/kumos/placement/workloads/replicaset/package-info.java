/** The ReplicaSet controller: keeps a ReplicaSet's pod count, adopts and releases pods, reports status. */
package io.kumos.placement.workloads.replicaset;
