/**
 * The record: API objects in PostgreSQL. Writes are group-committed ({@code GroupCommit}): each is one of a batch
 * of writes decided together in one transaction that takes the next global revisions, checks each caller's
 * resourceVersion, stores the objects and appends to the revision log. A write is acknowledged only after its
 * transaction committed, so an acknowledged write survives any crash.
 */
package io.kumos.gateway.store;
