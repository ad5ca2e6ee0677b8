package io.kumos.grid.components;

import org.infinispan.protostream.annotations.Proto;

/**
 * One running Kumos process as it announces itself in the grid.
 *
 * @param component       the service, e.g. {@code placement-service}
 * @param instance        unique per process: {@code component@host:port}
 * @param httpAddress     where its HTTP endpoints (health, API) answer, {@code host:port}
 * @param startedAtMillis when the process started, epoch milliseconds
 * @param version         the Kumos version it runs
 */
@Proto
public record ComponentRecord(String component, String instance, String httpAddress, long startedAtMillis,
        String version) {
}
