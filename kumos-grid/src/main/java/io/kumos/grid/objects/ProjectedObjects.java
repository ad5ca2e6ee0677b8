package io.kumos.grid.objects;

/**
 * The grid's projection of the API objects as a whole. Services read it through the shared informers
 * ({@link io.kumos.grid.informers.SharedInformers}), never by walking {@code kumos-objects}: a walk costs the grid a
 * pass over every entry, and, in a cluster, stalls for as long as the Hot Rod client takes to give up on a member
 * that died.
 */
public final class ProjectedObjects {

    private ProjectedObjects() {
    }

    /**
     * The grid holds no complete projection of the API objects (its marker is missing: the grid restarted and the
     * api-gateway is projecting again), or what is read of it is not current yet; an absent object then proves
     * nothing, and a reconciler acting on it would tear down what still exists.
     */
    public static final class IncompleteProjectionException extends IllegalStateException {

        /** @param message why what is read is not the grid's complete projection */
        public IncompleteProjectionException(String message) {
            super(message);
        }
    }
}
