package io.kumos.placement;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of placement-service ({@code kumos.placement.*}). */
@ConfigMapping(prefix = "kumos.placement")
public interface PlacementConfig {

    /** The api-gateway that bindings and events go to. */
    @WithDefault("http://127.0.0.1:7440")
    String apiUrl();
}
