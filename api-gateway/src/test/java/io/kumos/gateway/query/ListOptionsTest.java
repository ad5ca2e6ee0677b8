package io.kumos.gateway.query;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.kumos.gateway.status.ApiException;

/** The combinations kube-apiserver's {@code ValidateListOptions} accepts and refuses, with WatchList on. */
class ListOptionsTest {

    private static ListOptions options(String query) {
        return ListOptions.of(QueryParameters.ofUri("/api/v1/pods?" + query));
    }

    private static List<String> refusals(String query) {
        ApiException refused = assertThrows(ApiException.class, () -> options(query).validated());
        assertEquals(422, refused.status().getCode());
        return refused.status().getDetails().getCauses().stream()
                .map(cause -> cause.getField() + ": " + cause.getMessage()).toList();
    }

    @Test
    void acceptsWhatUpstreamAccepts() {
        for (String query : List.of("", "watch=true", "watch=true&resourceVersion=5", "limit=5&continue=x",
                "watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan",
                "watch=true&sendInitialEvents=false&resourceVersionMatch=NotOlderThan&resourceVersion=9",
                "watch=1&sendInitialEvents=1&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=1",
                "resourceVersion=5&resourceVersionMatch=Exact", "resourceVersion=0&resourceVersionMatch=NotOlderThan")) {
            assertDoesNotThrow(() -> options(query).validated(), query);
        }
    }

    @Test
    void refusesWhatUpstreamRefusesWithItsWords() {
        assertEquals(List.of("resourceVersionMatch: Forbidden: sendInitialEvents requires setting "
                + "resourceVersionMatch to NotOlderThan"), refusals("watch=true&sendInitialEvents=false"));
        assertEquals(List.of("resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless "
                + "sendInitialEvents is provided", "resourceVersionMatch: Unsupported value: \"Exact\": supported "
                + "values: \"NotOlderThan\""), refusals("watch=true&resourceVersionMatch=Exact"));
        assertEquals(List.of("resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless "
                + "resourceVersion is provided", "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden "
                + "when continue is provided", "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list"),
                refusals("resourceVersionMatch=NotOlderThan&continue=x&sendInitialEvents=false"));
    }

    @Test
    void theStatusNamesListOptionsOfMetaAndBracketsSeveralErrors() {
        ApiException refused = assertThrows(ApiException.class,
                () -> options("watch=true&resourceVersionMatch=Exact").validated());
        assertEquals("ListOptions.meta.k8s.io \"\" is invalid: [resourceVersionMatch: Forbidden: resourceVersionMatch "
                + "is forbidden for watch unless sendInitialEvents is provided, resourceVersionMatch: Unsupported "
                + "value: \"Exact\": supported values: \"NotOlderThan\"]", refused.status().getMessage());
        assertEquals("Invalid", refused.status().getReason());
        assertEquals("meta.k8s.io", refused.status().getDetails().getGroup());
        assertEquals("ListOptions", refused.status().getDetails().getKind());
        assertEquals(List.of("FieldValueForbidden", "FieldValueNotSupported"),
                refused.status().getDetails().getCauses().stream().map(StatusCause::getReason).toList());
    }

    @Test
    void readsTheWatchListOptions() {
        ListOptions options = options("watch=True&sendInitialEvents=t&allowWatchBookmarks=T&resourceVersion=0"
                + "&resourceVersionMatch=NotOlderThan&timeoutSeconds=-3&labelSelector=a%3Db");
        assertEquals(true, options.watch());
        assertEquals(true, options.streamsInitialEvents());
        assertEquals(true, options.allowWatchBookmarks());
        assertEquals("0", options.resourceVersion());
        assertEquals(-3, options.timeoutSeconds().orElseThrow());
        assertEquals("a=b", options.labelSelector());
        assertEquals(null, options.fieldSelector());
    }
}
