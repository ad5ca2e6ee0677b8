package io.kumos.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the real Infinispan Server and PostgreSQL. Use with
 * {@code @WithTestResource(KumosInfraResource.class)}; the servers are shared by every test of the JVM.
 */
public class KumosInfraResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return KumosInfra.shared().config();
    }

    @Override
    public void stop() {
        // Shared by the whole JVM; stopped by KumosInfra's shutdown hook.
    }
}
