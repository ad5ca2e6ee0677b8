package io.kumos.lb;

import java.net.URI;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.grid.api.ApiClient;
import io.kumos.lb.proxy.ProxySettings;
import io.kumos.lb.proxy.TcpProxy;

/** lb-service's proxy, configured from {@code kumos.lb.*}, and its client of the api-gateway. */
public class LbBeans {

    @Produces
    @Singleton
    TcpProxy proxy(LbConfig config) {
        return TcpProxy.start(new ProxySettings(config.connectTimeout(), config.idleTimeout(), config.drainGrace(),
                config.ioThreads(), config.epoll()));
    }

    void stop(@Disposes TcpProxy proxy) {
        proxy.close();
    }

    @Produces
    @Singleton
    ApiClient apiClient(LbConfig config, ObjectMapper json) {
        return new ApiClient(URI.create(config.apiUrl()), json, "lb-service");
    }
}
