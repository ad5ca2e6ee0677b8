/**
 * The node-agent, one per Docker host: registers its node, heartbeats, runs the pods bound to it through
 * docker-java (always on the {@code docker} worker pool, never on an event loop), probes them, and serves their
 * logs, exec sessions and stats.
 */
package io.kumos.agent;
