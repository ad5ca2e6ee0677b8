package io.kumos.placement.workloads.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kumos.placement.workloads.TestObjects;

/** The pod-template-hash: stable, upstream's alphabet, changed by a collision count; equality ignores it. */
class TemplateHashTest {

    @Test
    void digitsAreEncodedWithUpstreamsSafeAlphabet() {
        // rand.SafeEncodeString maps '0'..'9' (48..57) to alphabet[b % 27].
        assertEquals("456789bcdf", TemplateHash.safeEncode("0123456789"));
    }

    @Test
    void theHashIsStableAndIndependentOfKeyOrder() {
        ObjectNode a = TestObjects.parse("{\"metadata\":{\"labels\":{\"app\":\"web\",\"tier\":\"fe\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"nginx:1\"}]}}");
        ObjectNode b = TestObjects.parse("{\"spec\":{\"containers\":[{\"image\":\"nginx:1\",\"name\":\"main\"}]},"
                + "\"metadata\":{\"labels\":{\"tier\":\"fe\",\"app\":\"web\"}}}");
        String hash = TemplateHash.of(a, null);
        assertEquals(hash, TemplateHash.of(b, null));
        assertTrue(hash.matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}"), hash);
        assertNotEquals(hash, TemplateHash.of(TestObjects.template("web", "nginx:2"), null));
    }

    @Test
    void aCollisionCountGivesAnotherHash() {
        ObjectNode template = TestObjects.template("web", "nginx:1");
        assertNotEquals(TemplateHash.of(template, null), TemplateHash.of(template, 1));
        assertNotEquals(TemplateHash.of(template, 1), TemplateHash.of(template, 2));
    }

    @Test
    void equalityIgnoresOnlyTheHashLabel() {
        ObjectNode deployment = TestObjects.template("web", "nginx:1");
        ObjectNode replicaSet = deployment.deepCopy();
        TestObjects.set(replicaSet, "metadata/labels/pod-template-hash", "abc");
        assertTrue(TemplateHash.equalIgnoringHash(deployment, replicaSet));
        TestObjects.set(replicaSet, "metadata/annotations", TestObjects.parse(
                "{\"kubectl.kubernetes.io/restartedAt\":\"2024-05-01T10:00:00Z\"}"));
        assertFalse(TemplateHash.equalIgnoringHash(deployment, replicaSet));
    }

    @Test
    void nullFieldsAreTheSameAsAbsentOnes() {
        // kubectl rollout undo copies a ReplicaSet's template back with "creationTimestamp": null in it.
        ObjectNode applied = TestObjects.template("web", "nginx:1");
        ObjectNode undone = applied.deepCopy();
        ((ObjectNode) undone.path("metadata")).putNull("creationTimestamp");
        assertTrue(TemplateHash.equalIgnoringHash(applied, undone));
        assertEquals(TemplateHash.of(applied, null), TemplateHash.of(undone, null));
    }
}
