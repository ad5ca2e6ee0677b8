/**
 * The Deployment controller: one ReplicaSet per pod template revision, rolling updates and Recreate, pause,
 * proportional scaling, revision history, status with the Available and Progressing conditions that
 * {@code kubectl rollout status} follows.
 */
package io.kumos.placement.workloads.deployment;
