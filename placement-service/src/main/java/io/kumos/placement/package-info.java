/**
 * The placement-service. Where and how many: the scheduler (kube-scheduler's framework and default plugins), the Mesos-style offer
 * engine (DRF allocator, offers, refuse filters, frameworks) and the workload controllers (Deployment,
 * ReplicaSet, Job, CronJob). Reads the grid; writes API objects through the api-gateway.
 */
package io.kumos.placement;
