package io.kumos.lb.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** The leak check the handler tests rely on does catch a leak: otherwise they could not fail. */
class LeakDetectionTest {

    @Test
    void aBufferNeverReleasedIsReported() {
        LeakDetection.collectLeaks();
        leakOne();
        List<String> leaks = LeakDetection.collectLeaks();
        assertFalse(leaks.isEmpty(), "the deliberate leak was not reported");
        assertTrue(leaks.get(0).contains("deliberate leak"), leaks.get(0));
    }

    @Test
    void aReleasedBufferIsNot() {
        LeakDetection.collectLeaks();
        ByteBuf buffer = ByteBufAllocator.DEFAULT.buffer(64).writeLong(42);
        buffer.release();
        assertTrue(LeakDetection.collectLeaks().isEmpty());
    }

    private static void leakOne() {
        ByteBuf leaked = ByteBufAllocator.DEFAULT.buffer(64).writeLong(42);
        leaked.touch("deliberate leak of LeakDetectionTest (expected in the log)");
    }
}
