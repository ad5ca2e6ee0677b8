package io.kumos.grid.telemetry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class OtlpExportSwitchTest {

    /** Quarkus' own defaults, as its extensions register them: a source of lowest ordinal. */
    private static final PropertiesConfigSource EXTENSION_DEFAULTS = new PropertiesConfigSource(Map.of(
            OtlpExportSwitch.SDK_DISABLED, "false",
            "quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317/"), "defaults", Integer.MIN_VALUE);

    private static boolean sdkDisabled(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withInterceptors(new OtlpExportSwitch())
                .withSources(new PropertiesConfigSource(properties, "test", 100), EXTENSION_DEFAULTS)
                .build();
        return config.getValue(OtlpExportSwitch.SDK_DISABLED, Boolean.class);
    }

    @Test
    void withoutAnEndpointNothingIsExported() {
        assertTrue(sdkDisabled(Map.of()));
    }

    @Test
    void anEndpointSwitchesExportOn() {
        assertFalse(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317")));
        assertFalse(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4317")));
    }

    @Test
    void anExplicitSettingWins() {
        assertTrue(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317",
                OtlpExportSwitch.SDK_DISABLED, "true")));
        assertFalse(sdkDisabled(Map.of(OtlpExportSwitch.SDK_DISABLED, "false")));
    }
}
