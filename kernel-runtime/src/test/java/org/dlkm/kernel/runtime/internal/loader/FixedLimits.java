package org.dlkm.kernel.runtime.internal.loader;

import java.util.HashMap;
import java.util.Map;

import org.dlkm.kernel.runtime.internal.tune.KernelLimits;

/** Kernel limits a test sets by hand; what it does not set is unlimited. Tuned automatic values are recorded. */
final class FixedLimits implements KernelLimits {
    final Map<String, Long> values = new HashMap<>();

    FixedLimits with(String name, long value) {
        values.put(name, value);
        return this;
    }

    @Override
    public synchronized long get(String name) {
        return values.getOrDefault(name, KernelLimits.UNLIMITED.get(name));
    }

    @Override
    public long floor(String name) {
        return 1;
    }

    @Override
    public synchronized void tuned(String name, long value) {
        values.put(name, value);
    }
}
