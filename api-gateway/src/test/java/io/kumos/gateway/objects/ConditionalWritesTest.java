package io.kumos.gateway.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.kumos.gateway.resources.ResourceCatalog;
import io.kumos.gateway.resources.ResourceType;
import io.kumos.gateway.status.ApiException;
import io.kumos.gateway.store.ObjectKey;
import io.kumos.gateway.store.StoredObject;

/**
 * The preconditions of writes decided on a view that may be stale: the garbage collector's deletes name the object
 * they read, and a uid in a write must be the stored object's.
 */
class ConditionalWritesTest {

    private static final ResourceType CONFIG_MAPS = new ResourceCatalog().find("", "v1", "configmaps").orElseThrow();
    private static final ObjectKey KEY = new ObjectKey("core/configmaps", "default", "orphan");
    private static final UUID UID = UUID.fromString("6d1c1f1e-0000-4000-8000-000000000001");

    private static int conflictOf(Runnable write) {
        return assertThrows(ApiException.class, write::run).status().getCode();
    }

    @Test
    void anOrphanIsDeletedOnlyIfItIsTheObjectReadAsItWasRead() {
        StoredObject read = new StoredObject(KEY, UID, 5, "{}");
        DeleteOptions options = GarbageCollector.unchanged(read);

        options.checkPreconditions(CONFIG_MAPS, "orphan", read);
        assertEquals(409, conflictOf(() -> options.checkPreconditions(CONFIG_MAPS, "orphan",
                new StoredObject(KEY, UID, 6, "{}"))), "changed since (an owner reference added, say)");
        assertEquals(409, conflictOf(() -> options.checkPreconditions(CONFIG_MAPS, "orphan",
                new StoredObject(KEY, UUID.randomUUID(), 5, "{}"))), "another object of its name");
        assertEquals("Background", options.propagationPolicy());
    }

    @Test
    void aForegroundDependentIsDeletedOnlyIfItIsTheObjectRead() {
        StoredObject read = new StoredObject(KEY, UID, 5, "{}");
        DeleteOptions options = GarbageCollector.foregroundOf(read);

        options.checkPreconditions(CONFIG_MAPS, "orphan", new StoredObject(KEY, UID, 9, "{}"));
        assertEquals(409, conflictOf(() -> options.checkPreconditions(CONFIG_MAPS, "orphan",
                new StoredObject(KEY, UUID.randomUUID(), 5, "{}"))));
        assertEquals("Foreground", options.propagationPolicy());
    }

    @Test
    void aUidInAWriteMustBeTheStoredObjects() {
        Preconditions.uid("pods/binding", "web", "", UID.toString());
        Preconditions.uid("pods/binding", "web", UID.toString(), UID.toString());
        ApiException refused = assertThrows(ApiException.class,
                () -> Preconditions.uid("pods/binding", "web", "other", UID.toString()));
        assertEquals(409, refused.status().getCode());
        assertEquals("Conflict", refused.status().getReason());
        assertEquals("Operation cannot be fulfilled on pods/binding \"web\": Precondition failed: UID in "
                + "precondition: other, UID in object meta: " + UID, refused.status().getMessage());
    }
}
