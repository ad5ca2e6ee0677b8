package io.kumos.gateway.objects;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.gateway.status.ApiException;
import io.kumos.gateway.store.ObjectKey;
import io.kumos.grid.objects.ObjectJson;

/**
 * A list served in chunks ({@code limit} and {@code continue}), as kube-apiserver does: the token names the
 * revision of the first chunk and the last object served ({@code namespace/name}, the order of lists). Later
 * chunks come from the current objects after that one, reported at the first chunk's revision.
 *
 * @param items          the objects of this chunk
 * @param revision       the revision the list reports
 * @param next           the token of the next chunk, or null on the last
 * @param remainingCount how many objects follow this chunk, or -1 when the list does not say (a selector
 *                       chose the objects: kube-apiserver cannot count those that would match either)
 */
public record ListPage(List<JsonNode> items, long revision, String next, long remainingCount) {

    private static final ObjectMapper JSON = ObjectJson.mapper();

    /** The position a continue token stands for: the revision of the first chunk, the last object served. */
    public record Token(long revision, String namespace, String name) {

        /** Where the next chunk starts reading: after this object. */
        ObjectKey after(String resource) {
            return new ObjectKey(resource, namespace, name);
        }

        String position() {
            return ListPage.position(namespace, name);
        }
    }

    /**
     * The position a {@code continue} parameter names, or null for none; a token older than what compaction kept
     * is expired (410), as upstream's.
     */
    public static Token token(String continueToken, long compacted) {
        if (continueToken == null || continueToken.isEmpty()) {
            return null;
        }
        Token token = decode(continueToken);
        if (token.revision() < compacted) {
            throw ApiException.of(410, "Expired", "The provided continue parameter is too old to display a "
                    + "consistent list result. You can start a new list without the continue parameter.");
        }
        return token;
    }

    /** A chunk read from the record: the list's revision is the first chunk's. */
    public static ListPage of(ObjectService.Chunk chunk, Token token) {
        long listRevision = token == null ? chunk.revision() : token.revision();
        if (!chunk.more()) {
            return new ListPage(chunk.items(), listRevision, null, 0);
        }
        JsonNode last = chunk.items().get(chunk.items().size() - 1).path("metadata");
        String next = encode(new Token(listRevision, last.path("namespace").asText(""), last.path("name").asText()));
        return new ListPage(chunk.items(), listRevision, next, chunk.remaining());
    }

    /** Whether an object comes after a position in list order (namespace, then name, compared byte by byte). */
    static boolean follows(ObjectKey object, ObjectKey position) {
        int namespaces = object.namespace().compareTo(position.namespace());
        return namespaces > 0 || namespaces == 0 && object.name().compareTo(position.name()) > 0;
    }

    /** The objects in the order of lists, which a watch's initial events keep too. */
    public static List<JsonNode> ordered(List<JsonNode> objects) {
        return objects.stream().sorted(Comparator.comparing(ListPage::position)).toList();
    }

    /** Lists are ordered by namespace, then name; a NUL between them keeps that order in one string. */
    private static String position(JsonNode item) {
        JsonNode metadata = item.path("metadata");
        return position(metadata.path("namespace").asText(""), metadata.path("name").asText());
    }

    private static String position(String namespace, String name) {
        return namespace + "\u0000" + name;
    }

    private static String encode(Token token) {
        ObjectNode node = JSON.createObjectNode().put("v", "meta.k8s.io/v1").put("rv", token.revision())
                .put("start", token.position());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Token decode(String token) {
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(token));
            if (!node.path("rv").canConvertToLong() || !node.path("start").isTextual()) {
                throw new IllegalArgumentException("incomplete");
            }
            String start = node.path("start").asText();
            int separator = start.indexOf('\u0000');
            return separator < 0 ? new Token(node.path("rv").asLong(), "", start)
                    : new Token(node.path("rv").asLong(), start.substring(0, separator), start.substring(separator + 1));
        } catch (Exception e) {
            throw ApiException.badRequest("continue key is not valid: " + e.getMessage());
        }
    }
}
