/**
 * The api-gateway: the Kubernetes-compatible API that kubectl talks to, the plain gateway REST API
 * ({@code /gateway/v1}) and the web UI. It is the only writer of API objects: each write is a PostgreSQL
 * transaction (the record), projected into the grid that every other service reads.
 */
package io.kumos.gateway;
