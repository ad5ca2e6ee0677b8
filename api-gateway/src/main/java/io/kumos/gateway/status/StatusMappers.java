package io.kumos.gateway.status;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.infinispan.client.hotrod.exceptions.HotRodClientException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.fabric8.kubernetes.api.model.Status;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.pgclient.PgException;

/**
 * Turns failures into {@code v1.Status} responses. A dependency that is down is a 503 that names it, never an
 * HTML error page; an unexpected exception a 500 InternalError Status.
 */
public class StatusMappers {

    private static final Logger LOG = Logger.getLogger(StatusMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.status());
    }

    @ServerExceptionMapper
    public Response gridDown(HotRodClientException e) {
        LOG.warnf("Grid request failed: %s. Is the Infinispan Server up? Check './kumos status'.", e.getMessage());
        return respond(ApiException.serviceUnavailable("the grid (Infinispan) is unavailable: " + e.getMessage())
                .status());
    }

    @ServerExceptionMapper
    public Response databaseDown(PgException e) {
        LOG.warnf("Database request failed: %s", e.getMessage());
        return respond(ApiException.serviceUnavailable("the record (PostgreSQL) failed: " + e.getMessage()).status());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int code = e.getResponse().getStatus();
        String reason = switch (code) {
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 406 -> "NotAcceptable";
            case 413 -> "RequestEntityTooLarge";
            case 415 -> "UnsupportedMediaType";
            default -> code >= 500 ? "InternalError" : "BadRequest";
        };
        return respond(ApiException.of(code, reason, e.getMessage()).status());
    }

    /**
     * Anything else is a defect of the gateway, answered as kube-apiserver answers one: a 500 InternalError Status
     * (never an HTML page or an empty body), and logged with its stack so that it gets fixed.
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        LOG.errorf(e, "Request failed on a defect of the gateway: %s", e);
        if (request.response().ended()) {
            // The failure came while the response was being written: no other answer can follow on this
            // connection, so it is closed rather than left waiting for one.
            request.connection().close();
        }
        return respond(ApiException.internalError(String.valueOf(e.getMessage())).status());
    }

    private static Response respond(Status status) {
        return Response.status(status.getCode()).type(MediaType.APPLICATION_JSON).entity(status).build();
    }
}
