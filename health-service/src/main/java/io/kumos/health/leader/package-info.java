/**
 * Leader election among replicas of health-service: one lock in the grid for the node lifecycle controller, so
 * that only one replica judges nodes, taints them and evicts pods while the others stand by.
 */
package io.kumos.health.leader;
