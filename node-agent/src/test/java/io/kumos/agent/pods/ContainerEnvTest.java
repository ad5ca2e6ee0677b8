package io.kumos.agent.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ContainerEnvTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private final ContainerEnv.Objects objects = (resource, name) -> {
        try {
            return switch (resource + "/" + name) {
                case "configmaps/settings" -> Optional.of(json("{'data':{'greeting':'hello','colour':'blue'}}"));
                case "secrets/credentials" -> Optional.of(json("{'data':{'password':'czNjcmV0'}}"));
                default -> Optional.empty();
            };
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    };

    @Test
    void resolvesEnvFromSourcesInOrderWithExpansion() throws Exception {
        JsonNode pod = json("{'metadata':{'name':'web','namespace':'shop','uid':'u-1','labels':{'app':'web'}},"
                + "'spec':{'nodeName':'node-1'}}");
        JsonNode container = JSON.readTree("""
                {"name":"main","resources":{"limits":{"memory":"64Mi","cpu":"1500m"}},
                 "envFrom":[{"configMapRef":{"name":"settings"},"prefix":"CFG_"}],
                 "env":[{"name":"GREETING","valueFrom":{"configMapKeyRef":{"name":"settings","key":"greeting"}}},
                        {"name":"PASSWORD","valueFrom":{"secretKeyRef":{"name":"credentials","key":"password"}}},
                        {"name":"NAME","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},
                        {"name":"NS","valueFrom":{"fieldRef":{"fieldPath":"metadata.namespace"}}},
                        {"name":"IP","valueFrom":{"fieldRef":{"fieldPath":"status.podIP"}}},
                        {"name":"HOST","valueFrom":{"fieldRef":{"fieldPath":"status.hostIP"}}},
                        {"name":"NODE","valueFrom":{"fieldRef":{"fieldPath":"spec.nodeName"}}},
                        {"name":"APP","valueFrom":{"fieldRef":{"fieldPath":"metadata.labels['app']"}}},
                        {"name":"MEMORY","valueFrom":{"resourceFieldRef":{"resource":"limits.memory","divisor":"1Mi"}}},
                        {"name":"CPU","valueFrom":{"resourceFieldRef":{"resource":"limits.cpu"}}},
                        {"name":"MESSAGE","value":"$(GREETING) from $(NAME), $$(NAME) and $(UNKNOWN)"},
                        {"name":"OPTIONAL","valueFrom":{"configMapKeyRef":{"name":"absent","key":"x","optional":true}}}]}
                """);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("HOSTNAME", "web");
        expected.put("CFG_greeting", "hello");
        expected.put("CFG_colour", "blue");
        expected.put("GREETING", "hello");
        expected.put("PASSWORD", "s3cret");
        expected.put("NAME", "web");
        expected.put("NS", "shop");
        expected.put("IP", "10.244.1.5");
        expected.put("HOST", "127.0.0.1");
        expected.put("NODE", "node-1");
        expected.put("APP", "web");
        expected.put("MEMORY", "64");
        expected.put("CPU", "2");
        expected.put("MESSAGE", "hello from web, $(NAME) and $(UNKNOWN)");
        assertEquals(expected, ContainerEnv.resolve(pod, container, "10.244.1.5", "127.0.0.1", objects));
    }

    @Test
    void missingReferencesAreConfigErrorsInTheKubeletsWords() throws Exception {
        JsonNode pod = json("{'metadata':{'name':'web','namespace':'shop'}}");
        ContainerEnv.ConfigError absent = assertThrows(ContainerEnv.ConfigError.class, () -> ContainerEnv.resolve(pod,
                json("{'env':[{'name':'X','valueFrom':{'configMapKeyRef':{'name':'absent','key':'x'}}}]}"), "", "",
                objects));
        assertEquals("configmap \"absent\" not found", absent.getMessage());
        ContainerEnv.ConfigError key = assertThrows(ContainerEnv.ConfigError.class, () -> ContainerEnv.resolve(pod,
                json("{'env':[{'name':'X','valueFrom':{'secretKeyRef':{'name':'credentials','key':'user'}}}]}"), "",
                "", objects));
        assertEquals("couldn't find key user in Secret shop/credentials", key.getMessage());
        ContainerEnv.ConfigError from = assertThrows(ContainerEnv.ConfigError.class, () -> ContainerEnv.resolve(pod,
                json("{'envFrom':[{'secretRef':{'name':'absent'}}]}"), "", "", objects));
        assertEquals("secret \"absent\" not found", from.getMessage());
    }
}
