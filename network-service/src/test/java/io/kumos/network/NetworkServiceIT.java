package io.kumos.network;

import io.kumos.testing.KumosInfraResource;
import io.kumos.testing.ServiceContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The network-service against the real Infinispan Server: readiness, presence in the grid, recovery. */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class NetworkServiceIT extends ServiceContract {
}
