package io.kumos.gateway.cluster;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The row of {@code kumos_cluster}: the cluster's uid, fixed when the database first met a gateway. */
@Entity
@Table(name = "kumos_cluster")
public class ClusterIdentity {

    static final short SINGLETON_ID = 1;

    @Id
    short id;

    @Column(nullable = false, updatable = false)
    UUID uid;

    @Column(name = "created_at", nullable = false, updatable = false)
    OffsetDateTime createdAt;

    public UUID uid() {
        return uid;
    }

    public OffsetDateTime createdAt() {
        return createdAt;
    }
}
