/**
 * The health-service. Keeps things running: node liveness from heartbeats, taints and eviction, rescheduling of work from failed
 * hosts and failing pods, resource monitoring and autoscaling.
 */
package io.kumos.health;
