/**
 * Query parameters read as kube-apiserver reads them: one parser ({@link io.kumos.gateway.query.QueryParameters})
 * that every route uses, REST resources and Vert.x routes alike, and the list and watch options
 * ({@link io.kumos.gateway.query.ListOptions}) with kube-apiserver's validation of their combinations.
 */
package io.kumos.gateway.query;
