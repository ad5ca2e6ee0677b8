/**
 * Leader election among replicas of health-service: one lock in the grid for the node lifecycle controller and
 * the rescheduler, so that only one replica judges nodes, taints them, evicts and reschedules pods while the others
 * stand by.
 */
package io.kumos.health.leader;
