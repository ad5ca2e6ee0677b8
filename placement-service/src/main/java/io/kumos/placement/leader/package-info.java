/**
 * Leader election among replicas of placement-service: one lock in the grid per control loop (the scheduler and
 * each workload controller), so that each runs in exactly one replica at a time while the others stand by.
 */
package io.kumos.placement.leader;
