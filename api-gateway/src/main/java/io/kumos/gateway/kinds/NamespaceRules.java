package io.kumos.gateway.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Namespaces: the {@code kubernetes} finalizer and the Active phase. */
final class NamespaceRules implements KindRules {

    @Override
    public void applyDefaults(ObjectNode namespace) {
        ObjectNode spec = Nodes.object(namespace, "spec");
        if (!spec.has("finalizers")) {
            spec.putArray("finalizers").add("kubernetes");
        }
        Nodes.defaultText(Nodes.object(namespace, "status"), "phase", "Active");
    }
}
