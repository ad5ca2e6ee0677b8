package io.kumos.agent.api;

import java.net.URI;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.agent.AgentConfig;
import io.kumos.grid.api.ApiClient;

/** The agent's client of the api-gateway, at {@code kumos.agent.api-url}. */
public class ApiClients {

    @Produces
    @Singleton
    ApiClient apiClient(AgentConfig config, ObjectMapper json) {
        return new ApiClient(URI.create(config.apiUrl()), json, "kumos-node-agent");
    }
}
