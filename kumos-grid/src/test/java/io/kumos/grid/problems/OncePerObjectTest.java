package io.kumos.grid.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import io.kumos.grid.api.ApiCallException;

class OncePerObjectTest {

    private final OncePerObject told = new OncePerObject(Logger.getLogger(OncePerObjectTest.class), 3);

    @Test
    void theSameReasonForTheSameObjectIsToldOnce() {
        assertTrue(told.warn("pod default/web", "503 gateway down", "bind of pod default/web failed: 503"));
        assertFalse(told.warn("pod default/web", "503 gateway down", "bind of pod default/web failed: 503"));
        assertTrue(told.warn("pod default/db", "503 gateway down", "bind of pod default/db failed: 503"),
                "another object is news");
        assertTrue(told.warn("pod default/web", "timed out", "bind of pod default/web timed out"),
                "another reason is news");
        assertTrue(told.warn("pod default/web", "503 gateway down", "again"), "a reason that came back is news");
    }

    @Test
    void anObjectThatRecoveredIsToldAgainWhenItFailsAgain() {
        assertFalse(told.recovered("pod default/web", "never told"), "nothing to recover from");
        told.warn("pod default/web", "503", "failed");
        assertTrue(told.recovered("pod default/web", "pod default/web is written again"));
        assertEquals(0, told.failing());
        assertTrue(told.warn("pod default/web", "503", "failed"));
    }

    @Test
    void beyondItsCapacityTheLeastRecentlyToldAreForgotten() {
        told.isNews("a", "r");
        told.isNews("b", "r");
        told.isNews("c", "r");
        assertFalse(told.isNews("a", "r"), "a is remembered and now the most recent");
        told.isNews("d", "r");
        assertEquals(3, told.failing());
        assertTrue(told.isNews("b", "r"), "b, the least recent, was forgotten");
        assertFalse(told.isNews("a", "r"));
    }

    @Test
    void refusalsTellOnlyWhatIsNotAStaleDecision() {
        Refusals refusals = new Refusals();
        assertFalse(refusals.refused("the taints of node n1", new ApiCallException(409, "conflict")));
        assertFalse(refusals.refused("the taints of node n1", new ApiCallException(404, "gone")));
        assertTrue(refusals.refused("the taints of node n1", new ApiCallException(422, "invalid taint")));
        assertTrue(Refusals.stale(new ApiCallException(409, "x")));
        assertFalse(Refusals.stale(new ApiCallException(500, "x")));
        assertFalse(Refusals.stale(new ApiCallException(0, "timed out")));
    }
}
