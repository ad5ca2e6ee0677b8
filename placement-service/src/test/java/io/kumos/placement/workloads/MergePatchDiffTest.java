package io.kumos.placement.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The patch between two objects: only what changed, removals as null, numbers by value. */
class MergePatchDiffTest {

    @Test
    void changedAddedAndRemovedFieldsOnly() {
        ObjectNode before = TestObjects.parse("{\"a\":1,\"b\":{\"c\":2,\"d\":3},\"e\":[1,2],\"gone\":true}");
        ObjectNode after = TestObjects.parse("{\"a\":1,\"b\":{\"c\":2,\"d\":4},\"e\":[1],\"new\":\"x\"}");
        assertEquals(TestObjects.parse("{\"b\":{\"d\":4},\"e\":[1],\"new\":\"x\",\"gone\":null}"),
                MergePatchDiff.between(before, after));
    }

    @Test
    void numbersCompareByValueSoAnUnchangedStatusIsNotWritten() {
        ObjectNode before = TestObjects.parse("{\"observedGeneration\":3,\"replicas\":2}");
        ObjectNode after = TestObjects.JSON.createObjectNode().put("observedGeneration", 3L).put("replicas", 2);
        assertTrue(MergePatchDiff.between(before, after).isEmpty());
    }
}
