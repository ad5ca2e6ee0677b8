package io.kumos.health;

import java.net.URI;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.api.ApiClient;

/** health-service's client of the api-gateway, at {@code kumos.health.api-url}. */
public class ApiClients {

    /** The user agent, after which the API names the fields this service writes, as Kubernetes' own controller. */
    public static final String NODE_CONTROLLER = "node-controller";

    @Produces
    @Singleton
    ApiClient apiClient(HealthConfig config, ObjectMapper json) {
        return new ApiClient(URI.create(config.apiUrl()), json, NODE_CONTROLLER);
    }
}
