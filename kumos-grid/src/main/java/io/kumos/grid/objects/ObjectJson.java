package io.kumos.grid.objects;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * The JSON reading limits of API objects, the same in every service. Jackson's defaults refuse a field name over
 * 50,000 characters, but an object can hold longer ones: the managedFields of an object name its owner
 * references by uid ({@code k:{"uid":"…"}}), and a uid is any string the client wrote, up to the request's 3 MiB.
 * Such an object, once accepted, must be readable wherever it travels, so names may be as long as the object.
 * (Nesting depth and string length keep Jackson's limits, which are above anything a 3 MiB request can make.)
 */
@Singleton
public class ObjectJson implements ObjectMapperCustomizer {

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.defaults().rebuild()
            .maxNameLength(Integer.MAX_VALUE).build();

    /** A mapper with these limits, for code that has no injected one. */
    public static ObjectMapper mapper() {
        return constrained(new ObjectMapper());
    }

    @Override
    public void customize(ObjectMapper mapper) {
        constrained(mapper);
    }

    private static ObjectMapper constrained(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(CONSTRAINTS);
        return mapper;
    }
}
