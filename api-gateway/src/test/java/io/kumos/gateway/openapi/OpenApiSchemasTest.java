package io.kumos.gateway.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kumos.gateway.resources.ResourceCatalog;
import io.kumos.gateway.schema.ModelSchema;

class OpenApiSchemasTest {

    private final ObjectMapper json = new ObjectMapper();
    private final OpenApiSchemas schemas = new OpenApiSchemas(new ModelSchema(json), json);

    private ObjectNode all() {
        ObjectNode all = json.createObjectNode();
        schemas.addAll(new ResourceCatalog().all(), all);
        return all;
    }

    @Test
    void typesAreNamedAsUpstreamNamesThem() {
        assertEquals("io.k8s.api.apps.v1.Deployment", OpenApiSchemas.name(Deployment.class));
        assertEquals("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", OpenApiSchemas.name(ObjectMeta.class));
        assertEquals("io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler", OpenApiSchemas.name(
                io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class));
    }

    @Test
    void kindsCarryTheirGroupVersionKindAndFieldsTheirTypesAndPatchStrategy() {
        ObjectNode all = all();
        JsonNode deployment = all.get("io.k8s.api.apps.v1.Deployment");
        assertEquals("Deployment", deployment.at("/x-kubernetes-group-version-kind/0/kind").asText());
        JsonNode podSpec = all.get("io.k8s.api.core.v1.PodSpec");
        assertEquals("array", podSpec.at("/properties/containers/type").asText());
        assertEquals("name", podSpec.at("/properties/containers/x-kubernetes-patch-merge-key").asText());
        assertEquals("#/components/schemas/io.k8s.api.core.v1.Container",
                podSpec.at("/properties/containers/items/allOf/0/$ref").asText());
        assertTrue(all.get("io.k8s.api.core.v1.Container").at("/required").toString().contains("name"));
        assertEquals("integer", all.get("io.k8s.api.apps.v1.DeploymentSpec").at("/properties/replicas/type").asText());
    }

    /** Guards the generated descriptions file: every type the gateway serves is described. */
    @Test
    void everyTypeServedIsDescribed() {
        List<String> undescribed = new ArrayList<>();
        all().fields().forEachRemaining(entry -> {
            if (entry.getValue().path("description").asText("").isEmpty()) {
                undescribed.add(entry.getKey());
            }
        });
        assertEquals(List.of(), undescribed, "regenerate with api-gateway/src/build/generate-openapi-descriptions.sh");
    }
}
