package io.kumos.grid.api;

/** A call to the api-gateway that failed: the HTTP status (0 when there was no answer) and what it said. */
public class ApiCallException extends RuntimeException {

    private final int status;

    public ApiCallException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
