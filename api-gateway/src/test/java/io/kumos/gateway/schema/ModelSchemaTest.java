package io.kumos.gateway.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** What is kept of an object written: the kind's fields, without Go's empty strings; map entries as they are. */
class ModelSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ModelSchema schema = new ModelSchema(JSON);

    @Test
    void unknownFieldsAndEmptyStringFieldsGoAsKubeApiserverDropsThem() throws Exception {
        // What kubectl 1.33 'create deployment' sends, abridged.
        JsonNode deployment = JSON.readTree("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"",
                 "labels":{"app":"web","empty":""}},"bogus":1,
                 "spec":{"template":{"spec":{"hostname":"","subdomain":"","serviceAccountName":"",
                   "containers":[{"name":"busybox","image":"b","workingDir":"",
                                  "ports":[{"containerPort":8080,"hostIP":"","name":""}]}]}}}}""");
        schema.prune(deployment, schema.type(Deployment.class));
        assertEquals(JSON.readTree("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web",
                 "labels":{"app":"web","empty":""}},
                 "spec":{"template":{"spec":{"containers":[{"name":"busybox","image":"b",
                                  "ports":[{"containerPort":8080}]}]}}}}"""), deployment);
    }

    @Test
    void emptyValuesOfMapsAndGoPointerStringsAreKept() throws Exception {
        JsonNode configMap = JSON.readTree("{\"kind\":\"ConfigMap\",\"data\":{\"blank\":\"\"}}");
        schema.prune(configMap, schema.type(ConfigMap.class));
        assertEquals("", configMap.path("data").path("blank").asText("absent"));

        JsonNode claim = JSON.readTree("{\"kind\":\"PersistentVolumeClaim\",\"spec\":{\"storageClassName\":\"\"}}");
        schema.prune(claim, schema.type(PersistentVolumeClaim.class));
        assertEquals("", claim.path("spec").path("storageClassName").asText("absent"), "no class, not the default");
    }
}
