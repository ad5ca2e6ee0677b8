package io.kumos.gateway.status;

import java.util.List;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;

/**
 * A request the Kubernetes-compatible API refuses, carrying the {@code v1.Status} the client gets. The factories
 * word their messages as kube-apiserver does, since kubectl prints them as they are.
 */
public class ApiException extends RuntimeException {

    private final transient Status status;

    private ApiException(Status status) {
        super(status.getMessage());
        this.status = status;
    }

    public Status status() {
        return status;
    }

    public static ApiException notFound(String plural, String name) {
        return of(404, "NotFound", plural + " \"" + name + "\" not found", plural, name, List.of());
    }

    public static ApiException resourceNotFound(String path) {
        return of(404, "NotFound", "the server could not find the requested resource (" + path + ")", null, null,
                List.of());
    }

    public static ApiException alreadyExists(String plural, String name) {
        return of(409, "AlreadyExists", plural + " \"" + name + "\" already exists", plural, name, List.of());
    }

    public static ApiException conflict(String plural, String name) {
        return of(409, "Conflict", "Operation cannot be fulfilled on " + plural + " \"" + name
                + "\": the object has been modified; please apply your changes to the latest version and try again",
                plural, name, List.of());
    }

    /** 409 Conflict with causes, as server-side apply reports the fields other managers own. */
    public static ApiException conflictWithCauses(String message, List<StatusCause> causes) {
        return of(409, "Conflict", message, null, null, causes);
    }

    public static ApiException badRequest(String message) {
        return of(400, "BadRequest", message, null, null, List.of());
    }

    public static ApiException unsupportedMediaType(String message) {
        return of(415, "UnsupportedMediaType", message, null, null, List.of());
    }

    /** 422: the object breaks validation rules; each cause names a field. */
    public static ApiException invalid(String kind, String name, List<StatusCause> causes) {
        return invalid("", kind, name, causes);
    }

    /**
     * 422 of a kind in a group ({@code ListOptions.meta.k8s.io "" is invalid: …}), worded as kube-apiserver's
     * {@code NewInvalid}: one error as it is, several (each once) in brackets, as Go's aggregate error prints them.
     */
    public static ApiException invalid(String group, String kind, String name, List<StatusCause> causes) {
        List<String> errors = causes.stream().map(c -> c.getField() + ": " + c.getMessage()).distinct().toList();
        String details = errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
        String qualifiedKind = group.isEmpty() ? kind : kind + "." + group;
        ApiException invalid = of(422, "Invalid", qualifiedKind + " \"" + name + "\" is invalid: " + details, kind,
                name, causes);
        if (!group.isEmpty()) {
            invalid.status.getDetails().setGroup(group);
        }
        return invalid;
    }

    public static StatusCause fieldCause(String reason, String field, String message) {
        return new StatusCauseBuilder().withReason(reason).withField(field).withMessage(message).build();
    }

    /** Any other refusal, with kube-apiserver's reason word for its code. */
    public static ApiException of(int code, String reason, String message) {
        return of(code, reason, message, null, null, List.of());
    }

    /**
     * 500 InternalError, as kube-apiserver reports a step of a write that failed on its side: the message prefixed
     * with {@code Internal error occurred: }, the cause's words as the one cause.
     */
    public static ApiException internalError(String message) {
        return of(500, "InternalError", "Internal error occurred: " + message, null, null,
                List.of(new StatusCauseBuilder().withMessage(message).build()));
    }

    /**
     * 504 Timeout: a watch asked for data at least as new as a revision the record has not reached, worded as
     * kube-apiserver's {@code NewTooLargeResourceVersionError}; clients retry after a second.
     */
    public static ApiException tooLargeResourceVersion(long wanted, long current) {
        ApiException tooLarge = of(504, "Timeout", "Timeout: Too large resource version: " + wanted + ", current: "
                + current, null, null, List.of(new StatusCauseBuilder().withReason("ResourceVersionTooLarge")
                        .withMessage("Too large resource version").build()));
        tooLarge.status.getDetails().setRetryAfterSeconds(1);
        return tooLarge;
    }

    public static ApiException serviceUnavailable(String message) {
        return of(503, "ServiceUnavailable", message, null, null, List.of());
    }

    private static ApiException of(int code, String reason, String message, String kind, String name,
            List<StatusCause> causes) {
        StatusBuilder status = new StatusBuilder().withKind("Status").withApiVersion("v1")
                .withNewMetadata().endMetadata()
                .withStatus("Failure").withMessage(message).withReason(reason).withCode(code);
        if (kind != null || !causes.isEmpty()) {
            status.withNewDetails().withName(name).withKind(kind).withCauses(causes).endDetails();
        }
        return new ApiException(status.build());
    }
}
