/**
 * What every Kumos service shares about the Infinispan grid: cache names and definitions
 * ({@code kumos/grid/caches/*.xml}), the protostream schema of the records kept there, and the component
 * directory.
 *
 * <p>Marshalling is protostream: records are Java records annotated with {@code @Proto}, and the schema is
 * generated at compile time (native-image friendly, no reflection), registered on the server so it can index
 * and query them, and versioned with the code. API objects, whose canonical form is Kubernetes JSON, travel
 * inside protostream envelopes as JSON text rather than being mapped field by field.
 */
package io.kumos.grid;
