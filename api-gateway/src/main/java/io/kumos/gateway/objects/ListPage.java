package io.kumos.gateway.objects;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.gateway.status.ApiException;

/**
 * A list served in chunks ({@code limit} and {@code continue}), as kube-apiserver does: the token names the
 * revision of the first chunk and the last object served ({@code namespace/name}, the order of lists). Later
 * chunks come from the current objects after that one, reported at the first chunk's revision.
 *
 * @param items          the objects of this chunk
 * @param revision       the revision the list reports
 * @param next           the token of the next chunk, or null on the last
 * @param remainingCount how many objects follow this chunk
 */
public record ListPage(List<JsonNode> items, long revision, String next, long remainingCount) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The position a continue token stands for. */
    record Token(long revision, String start) {
    }

    /**
     * The chunk of {@code all} (put in namespace and name order) after the token's position, at most {@code limit}
     * long (0: no limit).
     */
    public static ListPage of(List<JsonNode> all, long revision, long limit, String continueToken, long compacted) {
        Token token = continueToken == null || continueToken.isEmpty() ? null : decode(continueToken);
        if (token != null && token.revision() < compacted) {
            throw ApiException.of(410, "Expired", "The provided continue parameter is too old to display a "
                    + "consistent list result. You can start a new list without the continue parameter.");
        }
        List<JsonNode> rest = ordered(all.stream()
                .filter(item -> token == null || position(item).compareTo(token.start()) > 0).toList());
        long listRevision = token == null ? revision : token.revision();
        if (limit <= 0 || rest.size() <= limit) {
            return new ListPage(rest, listRevision, null, 0);
        }
        List<JsonNode> chunk = rest.subList(0, (int) limit);
        String next = encode(new Token(listRevision, position(chunk.get(chunk.size() - 1))));
        return new ListPage(chunk, listRevision, next, rest.size() - limit);
    }

    /** The objects in the order of lists, which a watch's initial events keep too. */
    public static List<JsonNode> ordered(List<JsonNode> objects) {
        return objects.stream().sorted(java.util.Comparator.comparing(ListPage::position)).toList();
    }

    /** Lists are ordered by namespace, then name; a NUL between them keeps that order in one string. */
    private static String position(JsonNode item) {
        JsonNode metadata = item.path("metadata");
        return metadata.path("namespace").asText("") + "\u0000" + metadata.path("name").asText();
    }

    private static String encode(Token token) {
        ObjectNode node = JSON.createObjectNode().put("v", "meta.k8s.io/v1").put("rv", token.revision())
                .put("start", token.start());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Token decode(String token) {
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(token));
            if (!node.path("rv").canConvertToLong() || !node.path("start").isTextual()) {
                throw new IllegalArgumentException("incomplete");
            }
            return new Token(node.path("rv").asLong(), node.path("start").asText());
        } catch (Exception e) {
            throw ApiException.badRequest("continue key is not valid: " + e.getMessage());
        }
    }
}
