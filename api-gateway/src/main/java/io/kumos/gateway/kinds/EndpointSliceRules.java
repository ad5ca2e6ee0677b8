package io.kumos.gateway.kinds;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** discovery.k8s.io/v1 EndpointSlices: an address type, fixed for the slice's life. */
final class EndpointSliceRules implements KindRules {

    private static final List<String> ADDRESS_TYPES = List.of("FQDN", "IPv4", "IPv6");

    @Override
    public void validate(ObjectNode slice, FieldErrors errors) {
        JsonNode type = slice.path("addressType");
        if (type.asText("").isEmpty()) {
            errors.required("addressType", "");
        } else if (!ADDRESS_TYPES.contains(type.asText())) {
            errors.notSupported("addressType", type, ADDRESS_TYPES);
        }
    }

    @Override
    public void validateUpdate(ObjectNode slice, JsonNode old, FieldErrors errors) {
        errors.immutable("addressType", slice.path("addressType"), old.path("addressType"));
    }
}
