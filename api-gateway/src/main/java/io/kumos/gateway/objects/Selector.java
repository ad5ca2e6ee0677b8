package io.kumos.gateway.objects;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.gateway.status.ApiException;

/**
 * Label and field selectors as kube-apiserver parses them: {@code =}, {@code ==}, {@code !=}, {@code in},
 * {@code notin}, {@code key} (exists) and {@code !key} (does not exist) for labels; {@code =}, {@code ==} and
 * {@code !=} on a fixed set of fields per kind for fields. Requirements are ANDed. A selector is a pure predicate
 * over an object's JSON.
 */
public final class Selector {

    private static final Pattern SET_REQUIREMENT =
            Pattern.compile("\\s*(!?)([A-Za-z0-9._/-]+)\\s*(?:(notin|in)\\s*\\(([^)]*)\\))?\\s*");
    private static final Pattern EQUALITY = Pattern.compile("\\s*([A-Za-z0-9._/-]+)\\s*(==|=|!=)\\s*([^,]*?)\\s*");

    private Selector() {
    }

    /** A label selector; {@code null} or blank selects everything. */
    public static Predicate<JsonNode> labels(String selector) {
        return parse(selector, key -> object -> {
            JsonNode value = object.path("metadata").path("labels").get(key);
            return value == null ? null : value.asText();
        }, true);
    }

    /**
     * A field selector over the fields kube-apiserver supports for the kind: {@code metadata.name} and
     * {@code metadata.namespace} everywhere, plus the kind's own ({@code involvedObject.*} and
     * {@code reason}/{@code type} for events). Any other field is a 400, as there.
     */
    public static Predicate<JsonNode> fields(String selector, Set<String> kindFields) {
        return parse(selector, field -> {
            if (!field.equals("metadata.name") && !field.equals("metadata.namespace") && !kindFields.contains(field)) {
                throw ApiException.badRequest("field label not supported: " + field);
            }
            return object -> {
                JsonNode node = object;
                for (String part : field.split("\\.")) {
                    node = node.path(part);
                }
                return node.isMissingNode() || node.isNull() ? "" : node.asText();
            };
        }, false);
    }

    private static Predicate<JsonNode> parse(String selector, Function<String, Function<JsonNode, String>> values,
            boolean setBased) {
        if (selector == null || selector.isBlank()) {
            return object -> true;
        }
        List<Predicate<JsonNode>> requirements = new ArrayList<>();
        for (String requirement : splitTopLevel(selector)) {
            Matcher equality = EQUALITY.matcher(requirement);
            Matcher set = SET_REQUIREMENT.matcher(requirement);
            if (equality.matches()) {
                Function<JsonNode, String> value = values.apply(equality.group(1));
                String expected = equality.group(3);
                boolean negated = equality.group(2).equals("!=");
                requirements.add(object -> expected.equals(value.apply(object)) != negated);
            } else if (setBased && set.matches()) {
                Function<JsonNode, String> value = values.apply(set.group(2));
                boolean notExists = !set.group(1).isEmpty();
                if (set.group(3) == null) {
                    requirements.add(object -> (value.apply(object) != null) != notExists);
                } else if (notExists) {
                    throw invalid(selector);
                } else {
                    Set<String> options = Set.of(set.group(4).trim().split("\\s*,\\s*"));
                    boolean in = set.group(3).equals("in");
                    requirements.add(object -> {
                        String actual = value.apply(object);
                        return in ? actual != null && options.contains(actual)
                                : actual == null || !options.contains(actual);
                    });
                }
            } else {
                throw invalid(selector);
            }
        }
        return object -> requirements.stream().allMatch(requirement -> requirement.test(object));
    }

    /** Splits on commas outside parentheses: {@code a in (x,y),b} is two requirements. */
    private static List<String> splitTopLevel(String selector) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                parts.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(selector.substring(start));
        return parts;
    }

    private static ApiException invalid(String selector) {
        return ApiException.badRequest("unable to parse requirement: invalid selector: \"" + selector + "\"");
    }
}
