package org.dlkm.nfshaper.internal;

import java.util.List;
import java.util.function.IntSupplier;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.net.TransmitFilter;
import org.dlkm.kernel.net.TransmitFilterClass;

/**
 * The {@code nfshaper} transmit filter class. Each instance it creates is a {@link TwoBucketShaper} configured from
 * positional arguments, as ESX's nfshaper takes them:
 *
 * <pre>
 * &lt;bpsAverage&gt; &lt;bpsPeak&gt; &lt;burstSize&gt; [&lt;periodPeak&gt;] [&lt;maxQueue&gt;]
 * </pre>
 *
 * Rates are in bits per second and the burst in bytes; each may carry a suffix {@code k} or {@code m} (either case)
 * multiplying it by 1024 or 1024 * 1024. The peak period is a whole number of milliseconds and the queue limit a
 * whole number of frames (default the tunable {@code nfshaper_max_queue}, {@value ShaperArguments#DEFAULT_MAX_QUEUE}
 * unless tuned). See {@link ShaperArguments} for
 * every rule.
 *
 * <p>Threading: immutable; any thread may call any method at any time.
 */
public final class NfShaperClass implements TransmitFilterClass {

    /** The class name administrators attach filters by. */
    public static final String NAME = "nfshaper";

    private final IntSupplier defaultMaxQueue;

    /** Creates the filter class with the built-in default queue limit. */
    public NfShaperClass() {
        this(() -> ShaperArguments.DEFAULT_MAX_QUEUE);
    }

    /**
     * @param defaultMaxQueue the queue limit of a shaper attached without one, read at each attach: the module's
     *        dynamic tunable {@code nfshaper_max_queue}
     */
    public NfShaperClass(IntSupplier defaultMaxQueue) {
        this.defaultMaxQueue = defaultMaxQueue;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String usage() {
        return ShaperArguments.USAGE;
    }

    /**
     * Creates a shaper.
     *
     * @param arguments {@code <bpsAverage> <bpsPeak> <burstSize> [<periodPeak>] [<maxQueue>]}
     * @return a new shaper with full buckets and an empty queue
     * @throws KernelException {@code EINVAL} naming the bad argument, its value and the expected form
     */
    @Override
    public TransmitFilter create(List<String> arguments) throws KernelException {
        return new TwoBucketShaper(ShaperArguments.parse(arguments, defaultMaxQueue.getAsInt()));
    }
}
