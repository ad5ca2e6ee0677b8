package io.kumos.grid;

/**
 * Names of the caches of the grid. Each has a definition file {@code kumos/grid/caches/<name>.xml} in this module,
 * wired in {@code META-INF/microprofile-config.properties}, from which the Hot Rod client creates it on first use.
 */
public final class GridCaches {

    /** Running control-plane processes: {@link io.kumos.grid.components.ComponentRecord} by instance id. */
    public static final String COMPONENTS = "kumos-components";

    private GridCaches() {
    }
}
