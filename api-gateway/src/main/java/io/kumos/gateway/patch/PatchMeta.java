package io.kumos.gateway.patch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How strategic merge patch treats a list field of a Kubernetes type: merged by a key, merged as a set of
 * primitives, or (not listed) replaced whole; and whether {@code $retainKeys} applies. Read from
 * {@code kumos/strategic-merge-keys.txt}, whose entries come from the upstream OpenAPI extensions.
 */
public final class PatchMeta {

    /**
     * One field's patch strategy.
     *
     * @param merge      lists merge rather than replace
     * @param retainKeys the field honours {@code $retainKeys}
     * @param mergeKey   the key list elements merge by; empty for a list of primitives
     * @param listType   server-side apply's list type ({@code map}, {@code set}, {@code atomic}), or empty
     * @param mapKeys    server-side apply's keys of a {@code map} list
     */
    public record Field(boolean merge, boolean retainKeys, String mergeKey, String listType, List<String> mapKeys) {
    }

    private static final Map<String, Field> FIELDS = load();

    private PatchMeta() {
    }

    /** The strategy of {@code field} in the type of that simple class name ({@code PodSpec}, {@code Container}). */
    public static Optional<Field> of(String typeName, String field) {
        return Optional.ofNullable(FIELDS.get(typeName + "." + field));
    }

    private static Map<String, Field> load() {
        Map<String, Field> fields = new HashMap<>();
        try (InputStream in = PatchMeta.class.getResourceAsStream("/kumos/strategic-merge-keys.txt");
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            lines.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
                String[] columns = line.trim().split("\\s+", 6);
                String type = columns[0].substring(columns[0].lastIndexOf('.') + 1);
                List<String> strategy = Arrays.asList(value(columns[2]).split(","));
                String mergeKey = value(columns[3]);
                String listType = value(columns[4]);
                String mapKeys = value(columns[5]).replaceAll("[\\[\\]' ]", "");
                fields.put(type + "." + columns[1], new Field(strategy.contains("merge"),
                        strategy.contains("retainKeys"), mergeKey.equals("-") ? "" : mergeKey,
                        listType.equals("-") ? "" : listType,
                        mapKeys.equals("-") || mapKeys.isEmpty() ? List.of() : List.of(mapKeys.split(","))));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(fields);
    }

    private static String value(String column) {
        return column.substring(column.indexOf('=') + 1);
    }
}
