package io.kumos.health.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a {@link FakeApiGateway} for a {@code @QuarkusTest} and points health-service at it, with a short node
 * grace so that a test need not wait ten seconds for each silence.
 */
public class FakeApiGatewayResource implements QuarkusTestResourceLifecycleManager {

    public static final String GRACE_SECONDS = "3";
    private static volatile FakeApiGateway gateway;

    public static FakeApiGateway gateway() {
        return gateway;
    }

    @Override
    public Map<String, String> start() {
        try {
            gateway = new FakeApiGateway();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("kumos.health.api-url", gateway.uri().toString(),
                "kumos.health.node-grace", GRACE_SECONDS + "s");
    }

    @Override
    public void stop() {
        gateway.close();
    }
}
