package io.kumos.agent.pods;

import java.time.Duration;
import java.time.Instant;

/**
 * The kubelet's restart back-off of one container: the first restart is immediate, each next one waits twice as
 * long after the container finished (10 s, 20 s, 40 s, … up to 5 min), and a container that has not needed a
 * restart for 10 min starts over at the beginning. The same rule spaces out retries of a failing image pull.
 */
final class Backoff {

    static final Duration INITIAL = Duration.ofSeconds(10);
    static final Duration MAX = Duration.ofMinutes(5);
    static final Duration RESET = Duration.ofMinutes(10);

    private Duration delay;
    private Instant lastRestart;

    /** When a container that finished at {@code finished} may start again, as of {@code now}. */
    Instant readyAt(Instant finished, Instant now) {
        if (delay == null || Duration.between(lastRestart, now).compareTo(RESET) > 0) {
            return finished;
        }
        return finished.plus(delay);
    }

    /** Records a restart at {@code now}, lengthening the next wait. */
    void restarted(Instant now) {
        if (delay == null || Duration.between(lastRestart, now).compareTo(RESET) > 0) {
            delay = INITIAL;
        } else {
            delay = delay.multipliedBy(2).compareTo(MAX) > 0 ? MAX : delay.multipliedBy(2);
        }
        lastRestart = now;
    }

    /** The wait that the next restart will take, for messages ({@code back-off 20s restarting …}). */
    Duration delay() {
        return delay == null ? Duration.ZERO : delay;
    }
}
