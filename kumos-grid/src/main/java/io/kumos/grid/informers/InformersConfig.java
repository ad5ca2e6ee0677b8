package io.kumos.grid.informers;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of a process's informers ({@code kumos.grid.informers.*}). */
@ConfigMapping(prefix = "kumos.grid.informers")
public interface InformersConfig {

    /**
     * How often the grid's projection is checked (one read of its marker): the longest an informer may take to
     * notice that the grid went away, came back or was rebuilt when its connection did not tell it at once.
     */
    @WithDefault("1s")
    Duration checkPeriod();
}
