package io.kumos.grid.telemetry;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

import jakarta.annotation.Priority;

/**
 * OpenTelemetry is built into every service, but spans are only exported when an OTLP endpoint is configured
 * ({@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT} or {@code ..._TRACES_ENDPOINT}). Without one, the SDK is switched
 * off instead of retrying {@code localhost:4317} and filling the logs with export failures. An explicit
 * {@code quarkus.otel.sdk.disabled} always wins.
 */
@Priority(Priorities.APPLICATION)
public class OtlpExportSwitch implements ConfigSourceInterceptor {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!SDK_DISABLED.equals(name) || isExplicit(value)) {
            return value;
        }
        boolean endpointConfigured = isExplicit(context.proceed("quarkus.otel.exporter.otlp.endpoint"))
                || isExplicit(context.proceed("quarkus.otel.exporter.otlp.traces.endpoint"));
        return ConfigValue.builder().withName(name).withValue(Boolean.toString(!endpointConfigured))
                .withConfigSourceName(OtlpExportSwitch.class.getSimpleName()).build();
    }

    /**
     * Set by someone rather than by an extension's built-in default: those defaults live in sources of negative
     * ordinal, below every real source (properties files 100 and up, environment 300, system properties 400).
     */
    private static boolean isExplicit(ConfigValue value) {
        return value != null && value.getConfigSourceOrdinal() >= 0;
    }
}
