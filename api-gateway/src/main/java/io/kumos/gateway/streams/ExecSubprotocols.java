package io.kumos.gateway.streams;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/** The WebSocket subprotocols exec, attach and port-forward accept, newest first, so that the handshake can select the client's. */
@ApplicationScoped
public class ExecSubprotocols implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        List<String> protocols = new ArrayList<>(options.getWebSocketSubProtocols() == null ? List.of()
                : options.getWebSocketSubProtocols());
        protocols.add(PodStreamRoute.V5);
        protocols.add(PodStreamRoute.V4);
        protocols.add(SpdyTunnel.SUBPROTOCOL);
        options.setWebSocketSubProtocols(protocols);
    }
}
