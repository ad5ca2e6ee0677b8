package io.kumos.health.nodes;

import static io.kumos.health.nodes.TestObjects.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.kumos.grid.nodes.Taint;
import io.kumos.grid.nodes.Toleration;

/** Kubernetes' toleration matching and the eviction time of a pod on a node with NoExecute taints. */
class TaintEvictionTest {

    private static final Taint UNREACHABLE = new Taint(Taint.UNREACHABLE, "", Taint.NO_EXECUTE, T0);
    private static final Taint DEDICATED = new Taint("dedicated", "gpu", Taint.NO_EXECUTE, T0);

    private static Toleration toleration(String key, String operator, String value, String effect, Long seconds) {
        return new Toleration(key, operator, value, effect, seconds);
    }

    @Test
    void matchingFollowsKeyOperatorValueAndEffect() {
        assertTrue(toleration("dedicated", "Equal", "gpu", "NoExecute", null).tolerates(DEDICATED));
        assertTrue(toleration("dedicated", "", "gpu", "", null).tolerates(DEDICATED), "no operator is Equal");
        assertFalse(toleration("dedicated", "Equal", "cpu", "NoExecute", null).tolerates(DEDICATED));
        assertTrue(toleration("dedicated", "Exists", "", "NoExecute", null).tolerates(DEDICATED));
        assertFalse(toleration("dedicated", "Exists", "", "NoSchedule", null).tolerates(DEDICATED));
        assertTrue(toleration("dedicated", "Exists", "", "", null).tolerates(DEDICATED), "empty effect: all");
        assertTrue(toleration("", "Exists", "", "", null).tolerates(UNREACHABLE), "empty key with Exists: all");
        assertFalse(toleration("other", "Exists", "", "", null).tolerates(DEDICATED));
        assertFalse(toleration("dedicated", "Lt", "gpu", "", null).tolerates(DEDICATED), "unknown operator");
    }

    @Test
    void anUntoleratedTaintEvictsNow() {
        TaintEviction.Verdict verdict = TaintEviction.decide(
                List.of(toleration(Taint.UNREACHABLE, "Exists", "", "NoExecute", null)),
                List.of(UNREACHABLE, DEDICATED), T0);
        assertInstanceOf(TaintEviction.Now.class, verdict);
        assertTrue(((TaintEviction.Now) verdict).why().contains("dedicated=gpu:NoExecute"));
    }

    @Test
    void aToleratedTaintEvictsAtTimeAddedPlusTheSmallestTolerationSeconds() {
        List<Toleration> tolerations = List.of(toleration(Taint.UNREACHABLE, "Exists", "", "NoExecute", 300L),
                toleration("", "Exists", "", "NoExecute", 5L), toleration(Taint.UNREACHABLE, "Exists", "", "", null));
        assertEquals(new TaintEviction.At(T0.plusSeconds(5), "it tolerates taint " + UNREACHABLE + " until "
                + T0.plusSeconds(5)), TaintEviction.decide(tolerations, List.of(UNREACHABLE), T0.plusSeconds(4)));
        assertInstanceOf(TaintEviction.Now.class,
                TaintEviction.decide(tolerations, List.of(UNREACHABLE), T0.plusSeconds(5)));
    }

    @Test
    void severalTaintsEvictAtTheEarliestDeadline() {
        Taint later = new Taint("dedicated", "gpu", Taint.NO_EXECUTE, T0.plusSeconds(100));
        List<Toleration> tolerations = List.of(toleration(Taint.UNREACHABLE, "Exists", "", "", 60L),
                toleration("dedicated", "Equal", "gpu", "NoExecute", 10L));
        TaintEviction.Verdict verdict = TaintEviction.decide(tolerations, List.of(UNREACHABLE, later), T0);
        assertEquals(T0.plusSeconds(60), ((TaintEviction.At) verdict).when());
    }

    @Test
    void zeroOrNegativeSecondsEvictNow() {
        assertInstanceOf(TaintEviction.Now.class, TaintEviction.decide(
                List.of(toleration(Taint.UNREACHABLE, "Exists", "", "NoExecute", 0L)), List.of(UNREACHABLE),
                T0.minusSeconds(3600)));
        assertInstanceOf(TaintEviction.Now.class, TaintEviction.decide(
                List.of(toleration(Taint.UNREACHABLE, "Exists", "", "NoExecute", -5L)), List.of(UNREACHABLE),
                T0.minusSeconds(3600)));
    }

    @Test
    void toleratedWithoutSecondsIsNeverEvicted() {
        assertInstanceOf(TaintEviction.Never.class, TaintEviction.decide(
                List.of(toleration("", "Exists", "", "", null)), List.of(UNREACHABLE, DEDICATED),
                T0.plusSeconds(1_000_000)));
    }
}
