package io.kumos.gateway.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.kumos.gateway.schema.ModelSchema;
import io.kumos.gateway.status.ApiException;

class PatchesTest {

    private final ObjectMapper json = new ObjectMapper();
    private final Patches patches = new Patches(new StrategicMergePatch(new ModelSchema(json)));

    private JsonNode read(String text) throws Exception {
        return json.readTree(text.replace('\'', '"'));
    }

    @Test
    void jsonPatchOperationsApplyInOrder() throws Exception {
        ObjectNode current = (ObjectNode) read("{'data':{'a':'1'}}");
        assertEquals(read("{'data':{'b':'1','c':'2'}}"), patches.apply(Patches.JSON_PATCH,
                read("[{'op':'move','from':'/data/a','path':'/data/b'},{'op':'add','path':'/data/c','value':'2'}]"),
                current, ConfigMap.class));
        assertEquals(read("{'data':{'a':'1'}}"), current, "the current object is left as it was");
    }

    @Test
    void aJsonPatchThatCannotApplyIsInvalid() throws Exception {
        ObjectNode current = (ObjectNode) read("{'data':{'a':'1'}}");
        for (String patch : new String[] {"[{'op':'remove','path':'/data/nothing'}]",
                "[{'op':'test','path':'/data/a','value':'2'}]", "[{'op':'replace','path':'/x/y','value':1}]"}) {
            ApiException refused = assertThrows(ApiException.class,
                    () -> patches.apply(Patches.JSON_PATCH, read(patch), current, ConfigMap.class), patch);
            assertEquals(422, refused.status().getCode());
        }
    }

    @Test
    void aJsonPatchThatDoesNotFitTheShapeOfTheObjectIsInvalidNotAServerError() throws Exception {
        ObjectNode current = (ObjectNode) read("{'data':{'a':'1'},'items':[1,{'k':2}]}");
        for (String patch : new String[] {"[{'op':'add','path':'/items/x','value':1}]",
                "[{'op':'add','path':'/items/-1','value':1}]", "[{'op':'replace','path':'/items/01','value':1}]",
                "[{'op':'copy','from':'/items/0','path':'/items/x'}]",
                "[{'op':'move','from':'/data/a','path':'/items/x'}]", "[{'op':'replace','path':'/items/-','value':1}]",
                "[{'op':'remove','path':'no-slash'}]", "[{'op':'add','path':'no-slash','value':1}]",
                "[{'op':'copy','from':'no-slash','path':'/data/b'}]"}) {
            ApiException refused = assertThrows(ApiException.class,
                    () -> patches.apply(Patches.JSON_PATCH, read(patch), current, ConfigMap.class), patch);
            assertEquals(422, refused.status().getCode(), patch);
            assertEquals("Invalid", refused.status().getReason(), patch);
        }
    }

    @Test
    void onlyTheServedPatchTypesAreAccepted() {
        assertEquals(Patches.MERGE_PATCH, Patches.mediaType("application/merge-patch+json; charset=utf-8"));
        assertEquals(415, assertThrows(ApiException.class, () -> Patches.mediaType("text/plain")).status().getCode());
    }
}
