package io.kumos.network.ipam;

import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * Finds and claims a free member of a numbered range (the addresses of the service CIDR, the node ports) as
 * kube-apiserver's allocators do. Random members first, so that threads and replicas racing in a crowded range
 * rarely try the same one; above the range's <em>static band</em> first, which is left to those who ask for a
 * number of their choice (a DNS Service's well-known address, a documented node port). Only once random probes keep
 * meeting taken members does it read what is taken and try the rest in turn, so that a full range is told as full
 * rather than guessed at. The claim itself is the caller's atomic write; this only chooses whom to try.
 */
final class RangeProbe {

    private static final int RANDOM_PROBES = 16;

    private RangeProbe() {
    }

    /**
     * kube-apiserver's static band of a range of that size: a sixteenth of it (a {@code step}th), at least 16 and at
     * most {@code max}; none in a range smaller than 16.
     */
    static long staticBand(long size, long step, long max) {
        if (size < 16) {
            return 0;
        }
        return Math.min(max, Math.max(16, size / step));
    }

    /**
     * Claims a member of {@code 0 .. size-1}.
     *
     * @param claim tries to claim a member, atomically; false if someone holds it
     * @param taken reads the members held now, once random probes have failed
     * @return the member claimed, or empty if none was free
     */
    static OptionalLong claim(long size, long staticBand, LongPredicate claim, Supplier<Set<Long>> taken) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long band = staticBand < size ? staticBand : 0;
        long dynamic = size - band;
        for (int probe = 0; probe < RANDOM_PROBES && probe < size; probe++) {
            long member = band + random.nextLong(dynamic);
            if (claim.test(member)) {
                return OptionalLong.of(member);
            }
        }
        Set<Long> busy = taken.get();
        long start = random.nextLong(dynamic);
        for (long i = 0; i < dynamic; i++) {
            long member = band + (start + i) % dynamic;
            if (!busy.contains(member) && claim.test(member)) {
                return OptionalLong.of(member);
            }
        }
        for (long member = 0; member < band; member++) {
            if (!busy.contains(member) && claim.test(member)) {
                return OptionalLong.of(member);
            }
        }
        return OptionalLong.empty();
    }
}
