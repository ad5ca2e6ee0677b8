package io.kumos.gateway.store;

/**
 * One entry of the revision log: what a watch from an older revision replays.
 *
 * @param revision the global revision of the change
 * @param type     {@code ADDED}, {@code MODIFIED} or {@code DELETED}, as in a Kubernetes watch event
 * @param key      the object changed
 * @param body     the object after the change (for DELETED, its last state at the deletion's revision)
 */
public record ChangeEvent(long revision, String type, ObjectKey key, String body) {
}
