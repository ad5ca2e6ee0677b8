package io.kumos.gateway.store;

import java.util.List;

/**
 * Objects listed from the record.
 *
 * @param revision the revision the list is consistent with: its resourceVersion
 * @param objects  the objects
 */
public record ObjectList(long revision, List<StoredObject> objects) {
}
