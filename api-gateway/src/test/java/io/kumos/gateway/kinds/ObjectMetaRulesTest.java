package io.kumos.gateway.kinds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kumos.gateway.status.ApiException;

class ObjectMetaRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void qualifiedNamesAsUpstreamJudgesThem() {
        for (String good : List.of("app", "App_1.x", "example.com/MyName", "a/b", "x".repeat(63))) {
            assertEquals(List.of(), ObjectMetaRules.qualifiedNameErrors(good), good);
        }
        assertEquals(List.of("name part must be non-empty", nameRule()), ObjectMetaRules.qualifiedNameErrors(""));
        assertEquals(List.of("name part must be no more than 63 characters"),
                ObjectMetaRules.qualifiedNameErrors("x".repeat(64)));
        assertEquals(List.of(nameRule()), ObjectMetaRules.qualifiedNameErrors("-x"));
        assertEquals(List.of("prefix part must be non-empty"), ObjectMetaRules.qualifiedNameErrors("/x"));
        assertEquals(List.of("prefix part " + DnsNames.SUBDOMAIN_RULE), ObjectMetaRules.qualifiedNameErrors("A.com/x"));
        assertEquals(List.of("prefix part must be no more than 253 characters"),
                ObjectMetaRules.qualifiedNameErrors("a".repeat(254) + "/x"));
        assertTrue(ObjectMetaRules.qualifiedNameErrors("a/b/c").get(0).startsWith("a qualified name must consist"));
    }

    @Test
    void metadataErrorsNameTheirFields() throws Exception {
        FieldErrors errors = new FieldErrors();
        ObjectMetaRules.validate(JSON.readTree("""
                {"metadata":{"labels":{"ok":"","k":"%s"},"annotations":{"Example.COM/Mixed":"v","a b":"v"},
                 "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"a","uid":"1","controller":true},
                                    {"apiVersion":"apps/","kind":"","name":"","uid":"","controller":true},
                                    {"apiVersion":"v1","kind":"Event","name":"e","uid":"2"}],
                 "finalizers":["kubernetes","example.com/x","mine"]}}""".formatted("v".repeat(64))), errors);
        try {
            errors.throwIfAny("ConfigMap", "x");
            throw new AssertionError("no errors found");
        } catch (ApiException e) {
            List<String> fields = e.status().getDetails().getCauses().stream().map(c -> c.getField()).toList();
            assertEquals(List.of("metadata.labels", "metadata.annotations", "metadata.ownerReferences.apiVersion",
                    "metadata.ownerReferences.kind", "metadata.ownerReferences.name", "metadata.ownerReferences.uid",
                    "metadata.ownerReferences", "metadata.ownerReferences", "metadata.finalizers"), fields);
            assertTrue(e.status().getMessage().contains("Only one reference can have Controller set to true. Found "
                    + "\"true\" in references for ReplicaSet/a and /"), e.status().getMessage());
            assertTrue(e.status().getMessage().contains("/v1, Kind=Event is disallowed from being an owner"));
        }
    }

    private static String nameRule() {
        return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                + "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    }
}
