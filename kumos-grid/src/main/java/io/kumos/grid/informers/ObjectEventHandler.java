package io.kumos.grid.informers;

import java.util.function.BiPredicate;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an informer tells of the changes of its objects, as client-go's ResourceEventHandler: in the order the store
 * took them, after the store holds them (a handler that reads the store sees the change). The objects are shared
 * with the store and every other reader: never modify them.
 *
 * <p>Threading: called on the informer's own thread, one change at a time. A handler must not block (it holds up
 * every later change of the informer): it records or signals, and leaves the work to its own thread.
 */
public interface ObjectEventHandler {

    default void onAdd(JsonNode object) {
    }

    default void onUpdate(JsonNode before, JsonNode after) {
    }

    default void onDelete(JsonNode last) {
    }

    /**
     * The informer is current (again): after its first listing, or a resync once the grid answered or failed
     * over. Nothing changed in the store by this call (what the listing changed was told as changes before); a
     * reader it refused while not current ({@link ObjectInformer#current()}) may read now.
     */
    default void onCurrent() {
    }

    /** A handler that runs {@code signal} on every change, whatever it is, and whenever the informer becomes current. */
    static ObjectEventHandler onAnyChange(Runnable signal) {
        return onChanges(object -> true, (before, after) -> true, signal);
    }

    /**
     * A handler that runs {@code signal} for the additions and updates that matter to its owner (a controller's,
     * say, that would rather not pass for every status change), for every deletion, and whenever the informer
     * becomes current.
     */
    static ObjectEventHandler onChanges(Predicate<JsonNode> added, BiPredicate<JsonNode, JsonNode> updated,
            Runnable signal) {
        return new ObjectEventHandler() {
            @Override
            public void onAdd(JsonNode object) {
                if (added.test(object)) {
                    signal.run();
                }
            }

            @Override
            public void onUpdate(JsonNode before, JsonNode after) {
                if (updated.test(before, after)) {
                    signal.run();
                }
            }

            @Override
            public void onDelete(JsonNode last) {
                signal.run();
            }

            @Override
            public void onCurrent() {
                signal.run();
            }
        };
    }

    /** Calls the method of this handler that fits the delta. */
    default void handle(ObjectDelta delta) {
        switch (delta.type()) {
            case ADDED -> onAdd(delta.after());
            case UPDATED -> onUpdate(delta.before(), delta.after());
            case DELETED -> onDelete(delta.before());
        }
    }
}
