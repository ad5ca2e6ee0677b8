package io.kumos.gateway.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.gateway.status.ApiException;

class SelectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode object(String labels) throws Exception {
        return JSON.readTree("{\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\",\"labels\":" + labels
                + "},\"involvedObject\":{\"kind\":\"Pod\"}}");
    }

    @Test
    void equalityRequirements() throws Exception {
        JsonNode web = object("{\"app\":\"web\",\"tier\":\"front\"}");
        assertTrue(Selector.labels("app=web").test(web));
        assertTrue(Selector.labels("app==web,tier=front").test(web));
        assertFalse(Selector.labels("app=web,tier=back").test(web));
        assertTrue(Selector.labels("app!=db").test(web));
        assertTrue(Selector.labels("missing!=x").test(web), "!= selects objects without the label");
    }

    @Test
    void setRequirements() throws Exception {
        JsonNode web = object("{\"app\":\"web\"}");
        assertTrue(Selector.labels("app in (web, db)").test(web));
        assertFalse(Selector.labels("app notin (web,db)").test(web));
        assertTrue(Selector.labels("tier notin (front)").test(web), "notin selects objects without the label");
        assertFalse(Selector.labels("tier in (front)").test(web));
        assertTrue(Selector.labels("app").test(web));
        assertFalse(Selector.labels("!app").test(web));
        assertTrue(Selector.labels("!tier,app in (web)").test(web));
    }

    @Test
    void emptySelectsEverything() throws Exception {
        assertTrue(Selector.labels(null).test(object("{}")));
        assertTrue(Selector.labels(" ").test(object("{}")));
    }

    @Test
    void fieldsOfTheKindAndOfMetadata() throws Exception {
        JsonNode event = object("{}");
        assertTrue(Selector.fields("metadata.name=web,metadata.namespace=shop", Set.of()).test(event));
        assertTrue(Selector.fields("involvedObject.kind=Pod", Set.of("involvedObject.kind")).test(event));
        assertFalse(Selector.fields("involvedObject.kind!=Pod", Set.of("involvedObject.kind")).test(event));
    }

    @Test
    void unsupportedFieldsAndGarbageAreBadRequests() {
        ApiException field = assertThrows(ApiException.class, () -> Selector.fields("spec.x=1", Set.of()));
        assertEquals(400, field.status().getCode());
        assertTrue(field.getMessage().contains("field label not supported: spec.x"));
        assertThrows(ApiException.class, () -> Selector.labels("a in b"));
        assertThrows(ApiException.class, () -> Selector.labels("!a in (b)"));
    }
}
