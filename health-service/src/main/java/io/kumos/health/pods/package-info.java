/**
 * Health-based rescheduling: pods owned by a controller that keep failing on their node (containers restarting,
 * or waiting for a node-local reason such as an image pull or a sandbox) while a sibling is Ready on another node
 * are evicted, after their node is given an avoid-list entry for the controller (the annotation
 * {@code scheduler.alpha.kubernetes.io/preferAvoidPods}, which placement-service's scheduler honours), so that the
 * replacement lands elsewhere. Entries expire after {@code kumos.health.reschedule.avoid-for}. Pods without a
 * controller, and pods whose siblings fail everywhere, stay, with an Event saying why.
 *
 * <p>Pure decisions ({@link io.kumos.health.pods.FailureSigns}, {@link io.kumos.health.pods.AvoidPods},
 * {@link io.kumos.health.pods.ReschedulePlanner}) are kept apart from memory
 * ({@link io.kumos.health.pods.FailureMemory}) and I/O ({@link io.kumos.health.pods.PodRescheduler} reads the grid,
 * {@link io.kumos.health.pods.RescheduleWriter} writes through the api-gateway).
 */
package io.kumos.health.pods;
