package io.kumos.placement.workloads;

import static io.kumos.placement.workloads.TestObjects.T0;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** An owner's pods are counted again only once its own creations and deletions show in the projection. */
class ExpectationsTest {

    private final Expectations expectations = new Expectations();
    private final JsonNode labels = TestObjects.parse("{}");

    @Test
    void aCreatedPodMustAppear() {
        expectations.created("rs", "uid-a", T0);
        assertFalse(expectations.settled("rs", List.of(), T0.plusSeconds(1)));
        assertTrue(expectations.settled("rs", List.of(TestObjects.pod("a", null, labels)), T0.plusSeconds(2)));
        assertTrue(expectations.settled("rs", List.of(), T0.plusSeconds(3)), "met expectations are forgotten");
    }

    @Test
    void aDeletedPodMustBeGoneOrTerminating() {
        expectations.deleted("rs", "uid-a", T0);
        assertFalse(expectations.settled("rs", List.of(TestObjects.pod("a", null, labels)), T0));
        assertTrue(expectations.settled("rs", List.of(TestObjects.terminating(TestObjects.pod("a", null, labels))),
                T0));
    }

    @Test
    void unmetExpectationsAreGivenUpAfterTheTimeout() {
        expectations.created("rs", "uid-never", T0);
        assertFalse(expectations.settled("rs", List.of(), T0.plus(Expectations.TIMEOUT).minusSeconds(1)));
        assertTrue(expectations.settled("rs", List.of(), T0.plus(Expectations.TIMEOUT)));
    }

    @Test
    void otherOwnersAreNotHeldUp() {
        expectations.created("rs", "uid-a", T0);
        assertTrue(expectations.settled("other", List.of(), T0));
    }
}
