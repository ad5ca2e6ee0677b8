package io.kumos.placement;

import java.net.URI;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.api.ApiClient;

/** placement-service's client of the api-gateway, at {@code kumos.placement.api-url}. */
public class ApiClients {

    @Produces
    @Singleton
    ApiClient apiClient(PlacementConfig config, ObjectMapper json) {
        return new ApiClient(URI.create(config.apiUrl()), json, "default-scheduler");
    }
}
