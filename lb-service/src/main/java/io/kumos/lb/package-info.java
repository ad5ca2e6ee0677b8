/**
 * The lb-service. The Netty round-robin L4 (TCP) load balancer in front of Services, fed with ready endpoints from the grid.
 * This HTTP port serves only health and metrics; the balanced listeners are opened per Service port.
 */
package io.kumos.lb;
