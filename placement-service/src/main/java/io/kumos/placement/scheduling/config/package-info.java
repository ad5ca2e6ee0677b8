/** Scheduler profiles from a KubeSchedulerConfiguration, and the registry of plugins by name. */
package io.kumos.placement.scheduling.config;
