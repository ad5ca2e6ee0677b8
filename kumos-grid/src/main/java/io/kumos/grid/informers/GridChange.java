package io.kumos.grid.informers;

import io.kumos.grid.objects.GridObject;

/**
 * A change of the grid as an informer's listener hears it: an entry that joins its selection, is updated in it
 * (tombstones included: a deletion is an update to a tombstone), or leaves it (removed, or expired).
 *
 * @param type  how the entry relates to the selection
 * @param key   the entry's key
 * @param value the entry after the change, or, when it left, as it was ({@code null} if the grid did not say)
 */
record GridChange(Type type, String key, GridObject value) {

    enum Type {
        JOINING, UPDATED, LEAVING
    }
}
