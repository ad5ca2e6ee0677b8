/**
 * What each kind adds to the common object rules, as kube-apiserver's per-kind strategies do: defaulting,
 * validation on create and update (immutable fields included), whether spec changes bump
 * {@code metadata.generation}. Pure functions over JSON; nothing here touches the record.
 */
package io.kumos.gateway.kinds;
