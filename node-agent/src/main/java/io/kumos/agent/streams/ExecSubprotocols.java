package io.kumos.agent.streams;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/** The exec WebSocket's subprotocols, so that the handshake selects the one the api-gateway asks for. */
@ApplicationScoped
public class ExecSubprotocols implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        List<String> protocols = new ArrayList<>(options.getWebSocketSubProtocols() == null ? List.of()
                : options.getWebSocketSubProtocols());
        protocols.add("v5.channel.k8s.io");
        protocols.add("v4.channel.k8s.io");
        options.setWebSocketSubProtocols(protocols);
    }
}
