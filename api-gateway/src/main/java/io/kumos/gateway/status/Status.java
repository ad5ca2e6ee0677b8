package io.kumos.gateway.status;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A Kubernetes {@code meta/v1 Status}: how every failure leaves the gateway, for kubectl and for plain clients.
 *
 * @param reason a machine-readable {@code StatusReason} such as {@code ServiceUnavailable}
 * @param code   the HTTP status code it travels with
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Status(String kind, String apiVersion, Object metadata, String status, String message,
        String reason, int code) {

    public static Status failure(int code, String reason, String message) {
        return new Status("Status", "v1", java.util.Map.of(), "Failure", message, reason, code);
    }
}
