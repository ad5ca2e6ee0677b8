/**
 * Shared informers over the grid's projection of the API objects, as client-go's: per selection (a resource, or a
 * node's pods) a local copy indexed by namespace, node, owner and label, listed once and kept current by the
 * grid's change events, with handlers told of each change and a resync when the grid went away or was rebuilt.
 * Services read their objects here instead of walking {@code kumos-objects}.
 *
 * <p>The changes are selected and carried by the Infinispan Server's built-in continuous-query filter-converter
 * (an Ickle query on {@link io.kumos.grid.objects.GridObject}'s fields, evaluated by the server on each change),
 * so the server needs no code of Kumos on its classpath, and a production cluster none either.
 */
package io.kumos.grid.informers;
