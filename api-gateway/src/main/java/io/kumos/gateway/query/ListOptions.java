package io.kumos.gateway.query;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.node.TextNode;

import io.kumos.gateway.kinds.FieldErrors;
import io.kumos.gateway.status.ApiException;

/**
 * The options of a list or watch ({@code meta/v1 ListOptions}) from a request's query, read by
 * {@link QueryParameters}, and checked as kube-apiserver checks them before it lists or watches
 * ({@code k8s.io/apimachinery/pkg/apis/meta/internalversion/validation.ValidateListOptions}, the WatchList feature
 * on).
 *
 * @param watch                a watch rather than a list
 * @param allowWatchBookmarks  the client takes BOOKMARK events
 * @param sendInitialEvents    set: a watch begins with the current objects (true) or not (false), as WatchList
 *                             defines; unset: the older rules, which look at resourceVersion alone
 * @param resourceVersion      as the client sent it, {@code ""} when it did not
 * @param resourceVersionMatch {@code ""}, {@code NotOlderThan} or {@code Exact}
 * @param continueToken        the token of a list's next chunk, {@code ""} when none
 * @param limit                the most objects of a list's chunk; 0 or less: all
 * @param timeoutSeconds       how long a watch may stay open
 * @param labelSelector        as sent, or null
 * @param fieldSelector        as sent, or null
 */
public record ListOptions(boolean watch, boolean allowWatchBookmarks, Optional<Boolean> sendInitialEvents,
        String resourceVersion, String resourceVersionMatch, String continueToken, long limit,
        OptionalLong timeoutSeconds, String labelSelector, String fieldSelector) {

    public static final String NOT_OLDER_THAN = "NotOlderThan";
    public static final String EXACT = "Exact";
    private static final String MATCH = "resourceVersionMatch";

    /** The options of a query; a malformed integer is a 400, as in {@link QueryParameters}. */
    public static ListOptions of(QueryParameters query) {
        OptionalLong timeout = query.integer("timeoutSeconds");
        return new ListOptions(query.flag("watch"), query.flag("allowWatchBookmarks"),
                query.optionalFlag("sendInitialEvents"), query.textOrEmpty("resourceVersion"),
                query.textOrEmpty(MATCH), query.textOrEmpty("continue"), query.integer("limit").orElse(0),
                timeout, query.text("labelSelector"), query.text("fieldSelector"));
    }

    /**
     * The options of a watch of one object ({@code GET …/<plural>/<name>?watch=true}), which kube-apiserver serves
     * as the collection's watch selected by {@code metadata.name}; a field selector of the client's own must select
     * that same name, else 400.
     */
    public ListOptions ofObject(String name) {
        String selector = fieldSelector == null || fieldSelector.isEmpty() ? "metadata.name=" + name : fieldSelector;
        boolean names = Arrays.stream(selector.split(",")).map(String::trim)
                .anyMatch(term -> term.equals("metadata.name=" + name) || term.equals("metadata.name==" + name));
        if (!names) {
            throw ApiException.badRequest("fieldSelector metadata.name doesn't match requested name");
        }
        return new ListOptions(watch, allowWatchBookmarks, sendInitialEvents, resourceVersion, resourceVersionMatch,
                continueToken, limit, timeoutSeconds, labelSelector, selector);
    }

    /** Whether the watch begins with the current objects and a bookmark that marks their end (WatchList). */
    public boolean streamsInitialEvents() {
        return sendInitialEvents.orElse(false);
    }

    /**
     * Throws the 422 kube-apiserver answers for a combination it refuses, with the same field causes and
     * words: {@code ListOptions.meta.k8s.io "" is invalid: …}.
     */
    public ListOptions validated() {
        FieldErrors errors = new FieldErrors();
        if (watch) {
            watchErrors(errors);
        } else {
            listErrors(errors);
        }
        errors.throwIfAny("meta.k8s.io", "ListOptions", "");
        return this;
    }

    private void listErrors(FieldErrors errors) {
        if (!resourceVersionMatch.isEmpty()) {
            if (resourceVersion.isEmpty()) {
                errors.forbidden(MATCH, "resourceVersionMatch is forbidden unless resourceVersion is provided");
            }
            if (!continueToken.isEmpty()) {
                errors.forbidden(MATCH, "resourceVersionMatch is forbidden when continue is provided");
            }
            if (!resourceVersionMatch.equals(EXACT) && !resourceVersionMatch.equals(NOT_OLDER_THAN)) {
                errors.notSupported(MATCH, TextNode.valueOf(resourceVersionMatch), List.of(EXACT, NOT_OLDER_THAN, ""));
            }
            if (resourceVersionMatch.equals(EXACT) && resourceVersion.equals("0")) {
                errors.forbidden(MATCH, "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
            }
        }
        if (sendInitialEvents.isPresent()) {
            errors.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list");
        }
    }

    private void watchErrors(FieldErrors errors) {
        if (sendInitialEvents.isPresent() && !resourceVersionMatch.equals(NOT_OLDER_THAN)) {
            errors.forbidden(MATCH, "sendInitialEvents requires setting resourceVersionMatch to " + NOT_OLDER_THAN);
        }
        if (!resourceVersionMatch.isEmpty()) {
            if (sendInitialEvents.isEmpty()) {
                errors.forbidden(MATCH, "resourceVersionMatch is forbidden for watch unless sendInitialEvents is "
                        + "provided");
            }
            if (!resourceVersionMatch.equals(NOT_OLDER_THAN)) {
                errors.notSupported(MATCH, TextNode.valueOf(resourceVersionMatch), List.of(NOT_OLDER_THAN));
            }
            if (!continueToken.isEmpty()) {
                errors.forbidden(MATCH, "resourceVersionMatch is forbidden when continue is provided");
            }
        }
    }
}
