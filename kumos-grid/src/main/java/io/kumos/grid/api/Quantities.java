package io.kumos.grid.api;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes resource quantities ({@code 500m}, {@code 1.5}, {@code 64Mi}, {@code 1G}, {@code 2e3}) as numbers. */
public final class Quantities {

    private static final Pattern QUANTITY = Pattern.compile("^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")),
            Map.entry("k", new BigDecimal("1e3")), Map.entry("M", new BigDecimal("1e6")),
            Map.entry("G", new BigDecimal("1e9")), Map.entry("T", new BigDecimal("1e12")),
            Map.entry("P", new BigDecimal("1e15")), Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

    private Quantities() {
    }

    /** The quantity's value; an unreadable one is an {@link IllegalArgumentException}. */
    public static BigDecimal parse(String quantity) {
        Matcher matcher = QUANTITY.matcher(quantity == null ? "" : quantity.trim());
        BigDecimal unit = matcher.matches() ? SUFFIXES.get(matcher.group(2)) : null;
        if (unit == null) {
            throw new IllegalArgumentException("not a quantity: \"" + quantity + "\"");
        }
        return new BigDecimal(matcher.group(1)).multiply(unit);
    }

    /** CPU in millicores, rounded up as Kubernetes does. */
    public static long milliCpu(String quantity) {
        return parse(quantity).movePointRight(3).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    /** Bytes, rounded up. */
    public static long bytes(String quantity) {
        return parse(quantity).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }
}
