package io.kumos.gateway.cluster;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * Reads the cluster identity, creating it on first use. Concurrent gateways race safely: the insert is a no-op
 * when another one won, and everyone then reads the single row.
 */
@ApplicationScoped
public class ClusterIdentityStore {

    private final Mutiny.SessionFactory sessions;

    ClusterIdentityStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    public Uni<ClusterIdentity> identity() {
        return sessions.withTransaction(session -> session
                .createNativeQuery("INSERT INTO kumos_cluster (id, uid, created_at) VALUES (:id, :uid, now()) "
                        + "ON CONFLICT (id) DO NOTHING")
                .setParameter("id", ClusterIdentity.SINGLETON_ID)
                .setParameter("uid", UUID.randomUUID())
                .executeUpdate()
                .chain(() -> session.find(ClusterIdentity.class, ClusterIdentity.SINGLETON_ID)));
    }
}
