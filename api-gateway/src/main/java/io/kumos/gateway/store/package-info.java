/**
 * The record: API objects in PostgreSQL, through Hibernate Reactive. Each write is one transaction that takes the
 * next global revision, checks the caller's resourceVersion, stores the object and appends to the revision log.
 * A write is acknowledged only after its transaction committed, so an acknowledged write survives any crash.
 */
package io.kumos.gateway.store;
