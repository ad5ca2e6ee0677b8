package io.kumos.gateway.status;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.infinispan.client.hotrod.exceptions.HotRodClientException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.vertx.pgclient.PgException;

/**
 * Turns failures into {@link Status} responses. A dependency that is down is a 503 that names it, never an
 * HTML error page.
 */
public class StatusMappers {

    private static final Logger LOG = Logger.getLogger(StatusMappers.class);

    @ServerExceptionMapper
    public Response gridDown(HotRodClientException e) {
        LOG.warnf("Grid request failed: %s. Is the Infinispan Server up? Check './kumos status'.", e.getMessage());
        return respond(Status.failure(503, "ServiceUnavailable", "the grid (Infinispan) is unavailable: "
                + e.getMessage()));
    }

    @ServerExceptionMapper
    public Response databaseDown(PgException e) {
        LOG.warnf("Database request failed: %s", e.getMessage());
        return respond(Status.failure(503, "ServiceUnavailable", "the record (PostgreSQL) failed: " + e.getMessage()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int code = e.getResponse().getStatus();
        String reason = switch (code) {
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 406 -> "NotAcceptable";
            case 415 -> "UnsupportedMediaType";
            default -> code >= 500 ? "InternalError" : "BadRequest";
        };
        return respond(Status.failure(code, reason, e.getMessage()));
    }

    private static Response respond(Status status) {
        return Response.status(status.code()).type(MediaType.APPLICATION_JSON).entity(status).build();
    }
}
