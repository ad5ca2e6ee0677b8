/**
 * Shared informers over the grid's projection of the API objects, as client-go's: per selection (a resource, or a
 * node's pods) a local copy indexed by namespace, node, owner and label, listed once and kept current by the
 * grid's change events, with handlers told of each change and a resync when the grid went away or was rebuilt.
 * Services read their objects here instead of walking {@code kumos-objects}.
 *
 * <p>The changes are selected and carried by Kumos' filter-converter on the grid server ({@code kumos-selection},
 * from kumos-infra: a match of {@link io.kumos.grid.objects.GridObject}'s resource and node, evaluated by the
 * server on each change, with no state shared between listeners). The grid Kumos starts has it on its class path;
 * a production cluster needs kumos-infra's jar in each member's {@code server/lib}.
 */
package io.kumos.grid.informers;
