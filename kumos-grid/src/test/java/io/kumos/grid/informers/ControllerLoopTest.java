package io.kumos.grid.informers;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.kumos.grid.objects.ProjectedObjects;

/** The loop's passes come from wake-ups, not only from its period (an hour here, so none comes from it). */
class ControllerLoopTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private ControllerLoop loop;

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void aWakeUpRunsAPassWithoutWaitingForThePeriod() {
        AtomicInteger passes = new AtomicInteger();
        loop = new ControllerLoop("Test", HOUR, ControllerLoop.GAP, passes::incrementAndGet);
        loop.start(HOUR);

        loop.wake();

        await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 1);
    }

    @Test
    void wakeUpsWhileAPassRunsShareOneMorePass() throws InterruptedException {
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop = new ControllerLoop("Test", HOUR, Duration.ZERO, () -> {
            if (passes.incrementAndGet() == 1) {
                running.countDown();
                awaitQuietly(release);
            }
        });
        loop.start(HOUR);
        loop.wake();
        running.await(5, TimeUnit.SECONDS);

        for (int i = 0; i < 100; i++) {
            loop.wake();
        }
        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() >= 2);
        Thread.sleep(300);
        assertEquals(2, passes.get(), "the hundred wake-ups during the first pass made one pass, not a hundred");
    }

    @Test
    void aFailingOrWaitingPassDoesNotStopTheLoop() {
        AtomicInteger passes = new AtomicInteger();
        loop = new ControllerLoop("Test", HOUR, ControllerLoop.GAP, () -> {
            switch (passes.incrementAndGet()) {
                case 1 -> throw new IllegalStateException("the grid does not answer");
                case 2 -> throw new ProjectedObjects.IncompleteProjectionException("being rebuilt");
                default -> { }
            }
        });
        loop.start(HOUR);

        for (int expected = 1; expected <= 3; expected++) {
            loop.wake();
            int pass = expected;
            await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == pass);
        }
    }

    @Test
    void thePeriodPassesWithoutAnyWakeUp() {
        AtomicInteger passes = new AtomicInteger();
        loop = new ControllerLoop("Test", Duration.ofMillis(20), ControllerLoop.GAP, passes::incrementAndGet);

        loop.start(Duration.ZERO);

        await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() >= 3);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
