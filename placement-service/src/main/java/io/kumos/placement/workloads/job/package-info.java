/** The Job controller: pods until enough succeed, backoff and deadline failures, suspension, TTL after finish. */
package io.kumos.placement.workloads.job;
