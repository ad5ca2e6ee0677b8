package io.kumos.gateway.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class MergePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String patch(String target, String patch) throws Exception {
        return JSON.writeValueAsString(MergePatch.apply(JSON.readTree(target), JSON.readTree(patch)));
    }

    @Test
    void rfc7386Examples() throws Exception {
        assertEquals("{\"a\":\"z\",\"c\":{\"d\":\"e\"}}",
                patch("{\"a\":\"b\",\"c\":{\"d\":\"e\",\"f\":\"g\"}}", "{\"a\":\"z\",\"c\":{\"f\":null}}"));
        assertEquals("{\"a\":[1]}", patch("{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}"));
        assertEquals("{\"a\":{\"b\":\"c\"}}", patch("{\"a\":\"foo\"}", "{\"a\":{\"b\":\"c\"}}"));
        assertEquals("{\"a\":{\"bb\":{}}}", patch("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}"));
        assertEquals("{\"a\":\"b\"}", patch("{\"a\":\"b\",\"c\":1}", "{\"c\":null,\"d\":null}"));
    }
}
