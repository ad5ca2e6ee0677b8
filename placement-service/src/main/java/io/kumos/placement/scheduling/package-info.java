/**
 * The scheduler: kube-scheduler's framework in Kumos. {@code Scheduler} reads the cluster from the grid every
 * period, feeds the {@code queue}, runs each pending pod through its profile's plugins ({@code framework},
 * {@code plugins}) and binds it through the api-gateway; {@code config} builds the profiles from a
 * KubeSchedulerConfiguration ({@code kumos.placement.scheduler.config}) or the defaults.
 */
package io.kumos.placement.scheduling;
