package io.kumos.gateway.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class LoneSurrogatesTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void loneHalvesBecomeTheReplacementCharacterAsKubeApiserverReadsThem() throws Exception {
        String body = "{\"data\":{\"k\\ud800\":\"a\\udc00b\",\"pair\":\"\\ud83d\\ude00\",\"end\":\"x\\ud83d\"},"
                + "\"list\":[\"\\udfff\",1]}";
        assertTrue(LoneSurrogates.mayHold(body));
        JsonNode fixed = LoneSurrogates.replace(json.readTree(body));
        assertEquals("a\ufffdb", fixed.path("data").path("k\ufffd").asText());
        assertFalse(fixed.path("data").has("k\ud800"), "a key with a lone half is renamed, not kept beside");
        assertEquals("\ud83d\ude00", fixed.path("data").path("pair").asText(), "a whole pair stays");
        assertEquals("x\ufffd", fixed.path("data").path("end").asText());
        assertEquals("\ufffd", fixed.path("list").path(0).asText());
        assertEquals(1, fixed.path("list").path(1).asInt());
    }

    @Test
    void textWithoutEscapesOrLoneHalvesIsLeftAlone() {
        assertFalse(LoneSurrogates.mayHold("{\"a\":\"\u00e9\ud83d\ude00\"}"));
        assertNull(LoneSurrogates.replace("plain \ud83d\ude00"));
    }
}
