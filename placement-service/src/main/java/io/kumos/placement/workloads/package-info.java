/**
 * The workload controllers: the long-running-app framework (Deployments, ReplicaSets) and the scheduled-job
 * framework (Jobs, CronJobs), ported from kube-controller-manager's controllers.
 *
 * <p>Each controller is a pure decision ({@code ReplicaSetSync}, {@code DeploymentSync}, {@code JobSync},
 * {@code CronJobSync}): one object and what its namespace holds, as the grid's projection shows them, go in; the
 * {@link io.kumos.placement.workloads.Action}s that bring it closer to its spec come out. The decisions are
 * level-triggered and idempotent: names are deterministic where upstream's are (ReplicaSets by template hash, a
 * CronJob's Jobs by scheduled minute), conditional patches carry the resourceVersion that was read, and pods are
 * only counted again once the controller's own creations show in the projection
 * ({@link io.kumos.placement.workloads.Expectations}), so a restart at any point converges to the same state
 * without duplicate pods. {@link io.kumos.placement.workloads.WorkloadControllers} runs them every second in the
 * replica that holds each controller's leader lock.
 */
package io.kumos.placement.workloads;
