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
        if (!SDK_DISABLED.equals(name) || value != null) {
            return value;
        }
        boolean endpointConfigured = context.proceed("quarkus.otel.exporter.otlp.endpoint") != null
                || context.proceed("quarkus.otel.exporter.otlp.traces.endpoint") != null;
        return ConfigValue.builder().withName(name).withValue(Boolean.toString(!endpointConfigured))
                .withConfigSourceName(OtlpExportSwitch.class.getSimpleName()).build();
    }
}
