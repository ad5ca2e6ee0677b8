/**
 * Making failures visible to an operator without flooding the log: {@link io.kumos.grid.problems.OncePerObject}
 * tells each object's failure once per reason, and {@link io.kumos.grid.problems.Refusals} does so for the writes
 * a controller had refused by the api-gateway. Shared by every service that writes API objects.
 */
package io.kumos.grid.problems;
