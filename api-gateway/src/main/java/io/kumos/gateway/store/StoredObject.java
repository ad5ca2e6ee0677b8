package io.kumos.gateway.store;

import java.util.UUID;

/**
 * An object as the record holds it after a committed write.
 *
 * @param key      where it lives
 * @param uid      its uid, fixed at creation
 * @param revision its resourceVersion: the global revision of its last write
 * @param body     its JSON, with {@code metadata.resourceVersion} equal to {@code revision}
 */
public record StoredObject(ObjectKey key, UUID uid, long revision, String body) {
}
