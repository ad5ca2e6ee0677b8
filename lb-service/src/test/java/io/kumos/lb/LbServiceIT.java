package io.kumos.lb;

import io.kumos.testing.KumosInfraResource;
import io.kumos.testing.ServiceContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The lb-service against the real Infinispan Server: readiness, presence in the grid, recovery. */
@QuarkusTest
@WithTestResource(KumosInfraResource.class)
class LbServiceIT extends ServiceContract {
}
