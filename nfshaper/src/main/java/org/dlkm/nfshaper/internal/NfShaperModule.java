package org.dlkm.nfshaper.internal;

import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;
import org.dlkm.kernel.spi.ModuleWrapper;

/**
 * The module wrapper of {@code nfshaper}, named by the jar's {@code DLKM-Module-Class} header. Loading it registers
 * the {@link NfShaperClass} transmit filter class; administrators then attach instances of it to virtual machines
 * through {@code /proc/vmware/filters/xmitpush}. It drives no device and needs no other module.
 *
 * <p>Threading: the kernel calls {@link #load} and {@link #unload} on one thread at a time, as
 * {@link KernelModule} promises; this class keeps no state of its own.
 */
@ModuleWrapper
public final class NfShaperModule implements KernelModule {
    /** The dynamic tunable that gives a shaper attached without a queue limit its limit. */
    static final String MAX_QUEUE_TUNABLE = "nfshaper_max_queue";

    /** Creates the wrapper; the kernel does this once per load. */
    public NfShaperModule() {
        // nothing to set up before load
    }

    /**
     * Registers the {@code nfshaper} filter class.
     *
     * @throws org.dlkm.kernel.KernelException {@code EEXIST} if a filter class named {@code nfshaper} is
     *         already registered
     */
    @Override
    public void load(ModuleContext context) throws Exception {
        NfShaperClass filterClass = new NfShaperClass(() -> (int) context.tunable(MAX_QUEUE_TUNABLE));
        context.registerTransmitFilterClass(filterClass);
        context.log("registered transmit filter class " + filterClass.name() + ": " + filterClass.usage());
    }

    /**
     * Allows the unload. Filter instances still attached are the kernel's to detach; it withdraws the class
     * registration itself.
     *
     * @return 0
     */
    @Override
    public int unload() {
        return 0;
    }
}
