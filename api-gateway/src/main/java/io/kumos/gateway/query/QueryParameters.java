package io.kumos.gateway.query;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import io.kumos.gateway.status.ApiException;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.http.HttpServerRequest;

/**
 * The query of a request, read as kube-apiserver converts {@code url.Values} into its options structs
 * ({@code k8s.io/apimachinery/pkg/runtime} {@code Convert_Slice_string_To_*}), so that a client gets the same
 * answer from Kumos as from a cluster:
 * <ul>
 * <li>names are case-sensitive, as Go's {@code url.Values} (Vert.x's {@code params()} is not: {@code Watch=true}
 * would count); a repeated parameter counts with its first value; unknown parameters are never looked at;</li>
 * <li>a boolean is false only when absent, {@code 0} or {@code false} in any case; anything else, even an empty
 * value ({@code ?watch}) or {@code yes}, is true;</li>
 * <li>an integer is Go's {@code strconv.ParseInt(s, 10, 64)}: an optional sign and ASCII digits; anything else
 * (empty included) is a 400 BadRequest worded as Go words it, {@code strconv.ParseInt: parsing "abc": invalid
 * syntax}, or {@code … value out of range} past 64 bits.</li>
 * </ul>
 * Pure and immutable; any thread.
 */
public final class QueryParameters {

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    /** Netty's default; Go reads every pair, but no client sends more than a few dozen. */
    private static final int MAX_PARAMETERS = 1024;

    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** The parameters of a request's query, decoded from its URI ({@code +} is a space, as in Go). */
    public static QueryParameters of(HttpServerRequest request) {
        return ofUri(request.uri());
    }

    /** The parameters of the query of a request URI ({@code /path?query}). */
    public static QueryParameters ofUri(String uri) {
        try {
            return new QueryParameters(new QueryStringDecoder(uri, StandardCharsets.UTF_8, true, MAX_PARAMETERS,
                    true).parameters());
        } catch (IllegalArgumentException malformed) {
            throw ApiException.badRequest("the query of the request is malformed: " + malformed.getMessage());
        }
    }

    /** The first value of the parameter, or null when it is absent. */
    public String text(String name) {
        List<String> all = values.get(name);
        return all == null || all.isEmpty() ? null : all.get(0);
    }

    /** Every value of a parameter that may repeat (exec's {@code command}), in order. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The first value of the parameter, or {@code ""} when it is absent. */
    public String textOrEmpty(String name) {
        String value = text(name);
        return value == null ? "" : value;
    }

    /** A boolean parameter ({@code bool} in Go): absent is false. */
    public boolean flag(String name) {
        return optionalFlag(name).orElse(false);
    }

    /** A boolean parameter that may be unset ({@code *bool} in Go, such as {@code sendInitialEvents}). */
    public Optional<Boolean> optionalFlag(String name) {
        String value = text(name);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(!(value.equals("0") || value.equalsIgnoreCase("false")));
    }

    /** An integer parameter ({@code int64} or {@code *int64} in Go), empty when absent. */
    public OptionalLong integer(String name) {
        String value = text(name);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (!INTEGER.matcher(value).matches()) {
            throw parseError(value, "invalid syntax");
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException tooLong) {
            throw parseError(value, "value out of range");
        }
    }

    private static ApiException parseError(String value, String reason) {
        return ApiException.badRequest("strconv.ParseInt: parsing " + GoQuote.quote(value) + ": " + reason);
    }
}
