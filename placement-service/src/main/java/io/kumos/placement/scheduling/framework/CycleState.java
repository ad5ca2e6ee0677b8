package io.kumos.placement.scheduling.framework;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one scheduling cycle of one pod has worked out, by plugin: written at pre-filter and pre-score (by the
 * scheduler's thread), then only read, also by the filter threads.
 */
public final class CycleState {

    private final Map<String, Object> data = new HashMap<>();
    private final Set<String> skipped = new HashSet<>();

    public void write(String key, Object value) {
        data.put(key, value);
    }

    /** What a plugin wrote; a plugin reads only what it wrote itself at an earlier point of the cycle. */
    public <T> T read(String key, Class<T> type) {
        return type.cast(data.get(key));
    }

    void skip(String plugin) {
        skipped.add(plugin);
    }

    boolean skips(String plugin) {
        return skipped.contains(plugin);
    }
}
