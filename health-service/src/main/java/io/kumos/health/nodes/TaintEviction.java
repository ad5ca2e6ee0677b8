package io.kumos.health.nodes;

import java.time.Instant;
import java.util.List;

import io.kumos.grid.nodes.Taint;
import io.kumos.grid.nodes.Toleration;

/**
 * Whether and when a pod on a node with NoExecute taints is evicted, as Kubernetes' taint eviction controller
 * decides it: a taint no toleration matches evicts at once; a tolerated taint evicts at its {@code timeAdded} plus
 * the smallest {@code tolerationSeconds} of the tolerations that match it (zero or negative: at once); a taint
 * tolerated only by tolerations without seconds never evicts. Several taints: the earliest eviction wins. Deciding
 * from {@code timeAdded}, which the node carries, rather than from when this replica first saw the taint, lets a new
 * leader keep the same deadlines. Pure.
 */
public final class TaintEviction {

    /** What becomes of the pod, with the reason an operator reads. */
    public sealed interface Verdict {
    }

    /** Evict now. */
    public record Now(String why) implements Verdict {
    }

    /** Evict at {@code when} if the taint is still there then. */
    public record At(Instant when, String why) implements Verdict {
    }

    /** Every taint is tolerated for ever (or there is none). */
    public record Never(String why) implements Verdict {
    }

    private TaintEviction() {
    }

    /**
     * @param taints the node's NoExecute taints, each with its {@code timeAdded} (callers fill in a missing one)
     */
    public static Verdict decide(List<Toleration> tolerations, List<Taint> taints, Instant now) {
        Instant earliest = null;
        Taint deciding = null;
        for (Taint taint : taints) {
            Long seconds = null;
            boolean tolerated = false;
            for (Toleration toleration : tolerations) {
                if (toleration.tolerates(taint)) {
                    tolerated = true;
                    if (toleration.seconds() != null && (seconds == null || toleration.seconds() < seconds)) {
                        seconds = toleration.seconds();
                    }
                }
            }
            if (!tolerated) {
                return new Now("it does not tolerate taint " + taint);
            }
            if (seconds != null) {
                Instant deadline = seconds <= 0 ? Instant.MIN : taint.timeAdded().plusSeconds(seconds);
                if (earliest == null || deadline.isBefore(earliest)) {
                    earliest = deadline;
                    deciding = taint;
                }
            }
        }
        if (earliest == null) {
            return new Never(taints.isEmpty() ? "no NoExecute taint" : "it tolerates every NoExecute taint for ever");
        }
        if (!earliest.isAfter(now)) {
            return new Now("its toleration of taint " + deciding + " ran out"
                    + (earliest == Instant.MIN ? "" : " at " + earliest));
        }
        return new At(earliest, "it tolerates taint " + deciding + " until " + earliest);
    }
}
