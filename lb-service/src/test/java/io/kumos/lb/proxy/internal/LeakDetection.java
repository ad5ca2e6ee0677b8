package io.kumos.lb.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;

/**
 * Fails a test whose code leaked a Netty buffer. Every buffer is tracked ({@code PARANOID}, which the module's
 * surefire configuration sets too), and the buffer leak detector's reports are collected by a listener instead
 * of only being logged; after each test, garbage is collected and the reports asserted empty.
 *
 * <p>Netty reports a leak when the garbage collector finds a tracked buffer that was never released, on the next
 * allocation: {@link #collectLeaks()} forces both.
 */
public final class LeakDetection implements BeforeAllCallback, AfterEachCallback {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static boolean installed;

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> leaks = collectLeaks();
        assertEquals(List.of(), leaks, "buffers leaked by " + context.getDisplayName());
    }

    /** The leaks reported since the last call, after a garbage collection. */
    static List<String> collectLeaks() {
        install();
        for (int round = 0; round < 2; round++) {
            collectGarbage();
            ByteBuf probe = ByteBufAllocator.DEFAULT.buffer(1);
            probe.release();
        }
        List<String> leaks = List.copyOf(LEAKS);
        LEAKS.removeAll(leaks);
        return leaks;
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        try {
            Field field = AbstractByteBuf.class.getDeclaredField("leakDetector");
            field.setAccessible(true);
            ((ResourceLeakDetector<?>) field.get(null)).setLeakListener((type, records) -> LEAKS.add(type
                    + " leaked:" + records));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot listen to Netty's buffer leak detector", e);
        }
        installed = true;
    }

    /** Waits until a collection has cleared a fresh weak reference, so the detector's references are queued. */
    private static void collectGarbage() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        try {
            System.gc();
            for (int attempt = 0; attempt < 20 && queue.remove(50) == null; attempt++) {
                System.gc();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sentinel.clear();
    }
}
