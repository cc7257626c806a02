package org.dlkm.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.LoadRequest;
import org.dlkm.kernel.LoadResult;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWiring;

/**
 * P8: many load and unload cycles of nfshaper through the kernel, then what they left behind: the heap retained after
 * full garbage collections, against the heap after a warm-up, and how many of the cycles' module class loaders were
 * collected. Each cycle's class loader (the bundle wiring's) is held by a weak reference registered with a queue;
 * the references the queue returns are dropped as the run goes, so the check itself retains nothing per cycle. The
 * classes whose live bytes grew most (class histograms before and after) say what was retained.
 *
 * <p>Not a JMH benchmark: it measures memory, not time, once, in the calling JVM. Not thread-safe.
 */
public final class RetainedHeapCheck {
    /** The module cycled. */
    static final String MODULE = "nfshaper";
    private static final int GC_ROUNDS = 10;
    private static final int TOP_GROWTH = 8;
    private static final long SETTLED_BYTES = 16 * 1024;
    private static final long GC_PAUSE_MILLIS = 200;

    /**
     * What a check found.
     *
     * @param cycles the measured load and unload cycles
     * @param heapBefore heap used after full collections, after the warm-up and before the cycles
     * @param heapAfter heap used after full collections, after the cycles
     * @param loadersCollected how many of the cycles' module class loaders were collected
     * @param nanosPerCycle the mean time of one cycle, for information
     * @param grown the classes whose live bytes grew most over the cycles, largest first
     */
    public record Outcome(int cycles, long heapBefore, long heapAfter, int loadersCollected, long nanosPerCycle,
            List<ClassHistogram.Growth> grown) {
        /** @return the heap growth in bytes; negative if the heap shrank */
        public long growth() {
            return heapAfter - heapBefore;
        }
    }

    private RetainedHeapCheck() {
    }

    /**
     * Boots a kernel, runs the warm-up cycles, measures, runs the cycles, measures again.
     *
     * @param distribution where the bundles and nfshaper are
     * @param warmup cycles run before the first measurement: they fill the kernel log's ring and load the
     *        framework's and the kernel's own classes
     * @param cycles the cycles measured
     */
    public static Outcome run(Distribution distribution, int warmup, int cycles) throws Exception {
        try (FrameworkFixture fixture = FrameworkFixture.kernel(distribution, List.of(MODULE), home -> { })) {
            KernelService kernel = fixture.kernel();
            BundleContext context = fixture.framework().context();
            LoadRequest request = LoadRequest.builder(MODULE).build();
            for (int i = 0; i < warmup; i++) {
                kernel.load(request);
                kernel.unload(MODULE);
            }
            long before = settledHeap();
            ClassHistogram histogramBefore = ClassHistogram.take();
            ReferenceQueue<ClassLoader> queue = new ReferenceQueue<>();
            Set<Reference<ClassLoader>> pending = new HashSet<>();
            int collected = 0;
            long start = System.nanoTime();
            for (int i = 0; i < cycles; i++) {
                LoadResult loaded = kernel.load(request);
                pending.add(new WeakReference<>(classLoader(context, loaded.module().bundleId()), queue));
                kernel.unload(MODULE);
                collected += drain(queue, pending);
            }
            long nanosPerCycle = (System.nanoTime() - start) / cycles;
            settledHeap();
            collected += drain(queue, pending);
            pending = new HashSet<>(pending); // only the loaders not collected; drops the grown table
            long after = settledHeap();
            collected += drain(queue, pending);
            List<ClassHistogram.Growth> grown = ClassHistogram.take().grownSince(histogramBefore, TOP_GROWTH);
            return new Outcome(cycles, before, after, collected, nanosPerCycle, grown);
        }
    }

    private static ClassLoader classLoader(BundleContext context, long bundleId) {
        Bundle bundle = context.getBundle(bundleId);
        BundleWiring wiring = bundle == null ? null : bundle.adapt(BundleWiring.class);
        ClassLoader loader = wiring == null ? null : wiring.getClassLoader();
        if (loader == null) {
            throw new IllegalStateException("bundle " + bundleId + " of the loaded " + MODULE + " has no class loader");
        }
        return loader;
    }

    private static int drain(ReferenceQueue<ClassLoader> queue, Set<Reference<ClassLoader>> pending) {
        int n = 0;
        for (Reference<? extends ClassLoader> r = queue.poll(); r != null; r = queue.poll()) {
            if (pending.remove(r)) {
                n++;
            }
        }
        return n;
    }

    /** @return the heap used once full collections stop freeing more than a few kilobytes */
    static long settledHeap() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < GC_ROUNDS; i++) {
            System.gc();
            Thread.sleep(GC_PAUSE_MILLIS);
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(last - used) < SETTLED_BYTES) {
                return used;
            }
            last = used;
        }
        return last;
    }
}
