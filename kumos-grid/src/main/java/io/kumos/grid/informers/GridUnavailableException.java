package io.kumos.grid.informers;

/** The grid does not answer, so what an informer holds may be out of date. */
public final class GridUnavailableException extends IllegalStateException {

    GridUnavailableException(String message) {
        super(message);
    }
}
