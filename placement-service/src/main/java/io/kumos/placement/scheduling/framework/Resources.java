package io.kumos.placement.scheduling.framework;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.kumos.grid.api.Quantities;

/**
 * Amounts of resources by name: {@code cpu} in millicores, everything else ({@code memory},
 * {@code ephemeral-storage}, extended resources) in its unit. Immutable.
 */
public record Resources(Map<String, Long> amounts) {

    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final Resources NONE = new Resources(Map.of());

    public Resources {
        amounts = Map.copyOf(amounts);
    }

    /** A {@code ResourceList} ({@code {"cpu":"500m","memory":"1Gi"}}); unreadable quantities count as nothing. */
    public static Resources of(JsonNode list) {
        Map<String, Long> amounts = new HashMap<>();
        list.fields().forEachRemaining(entry -> {
            try {
                String text = entry.getValue().asText();
                amounts.put(entry.getKey(), entry.getKey().equals(CPU) ? Quantities.milliCpu(text)
                        : Quantities.bytes(text));
            } catch (IllegalArgumentException | ArithmeticException e) {
                // As the API would have refused it: nothing asked.
            }
        });
        return new Resources(amounts);
    }

    public static Resources of(long milliCpu, long memory) {
        return new Resources(Map.of(CPU, milliCpu, MEMORY, memory));
    }

    public long get(String name) {
        return amounts.getOrDefault(name, 0L);
    }

    public Set<String> names() {
        return amounts.keySet();
    }

    public Resources plus(Resources other) {
        Map<String, Long> sum = new HashMap<>(amounts);
        other.amounts.forEach((name, amount) -> sum.merge(name, amount, Long::sum));
        return new Resources(sum);
    }

    public Resources minus(Resources other) {
        Map<String, Long> difference = new HashMap<>(amounts);
        other.amounts.forEach((name, amount) -> difference.merge(name, -amount, Long::sum));
        return new Resources(difference);
    }

    /** Each resource's larger amount. */
    public Resources max(Resources other) {
        Map<String, Long> larger = new HashMap<>(amounts);
        other.amounts.forEach((name, amount) -> larger.merge(name, amount, Math::max));
        return new Resources(larger);
    }

    /** With {@code amount} of {@code name} where there is none (the scheduler's non-zero defaults). */
    public Resources withDefault(String name, long amount) {
        if (get(name) != 0) {
            return this;
        }
        Map<String, Long> defaulted = new HashMap<>(amounts);
        defaulted.put(name, amount);
        return new Resources(defaulted);
    }
}
