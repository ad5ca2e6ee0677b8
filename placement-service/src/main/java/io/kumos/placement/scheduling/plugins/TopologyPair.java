package io.kumos.placement.scheduling.plugins;

/** A topology domain: a node label key and one of its values ({@code kubernetes.io/hostname=node-1}). */
record TopologyPair(String key, String value) {
}
