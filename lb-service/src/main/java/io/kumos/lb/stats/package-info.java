/** The proxy's counters over HTTP: {@code GET /lb/v1/stats}. */
package io.kumos.lb.stats;
