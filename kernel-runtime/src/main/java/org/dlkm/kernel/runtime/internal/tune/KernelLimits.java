package org.dlkm.kernel.runtime.internal.tune;

import java.time.Duration;

/**
 * The kernel tunables that the runtime enforces, as its enforcement points read them: each call returns the current
 * value, so a dynamic tunable changed with {@code kmtune -u} takes effect at the next check.
 *
 * <p>Threading: every method may be called from any thread and takes no lock.
 */
public interface KernelLimits {
    /** {@code nproc}: the most module threads alive kernel-wide ({@code ModuleContext.startThread}). */
    String NPROC = "nproc";
    /** {@code maxuprc}: the most threads one module may have alive. */
    String MAXUPRC = "maxuprc";
    /** {@code ncallout}: the most pending module timers kernel-wide. */
    String NCALLOUT = "ncallout";
    /** {@code nfile}: the most open device handles kernel-wide. */
    String NFILE = "nfile";
    /** {@code maxfiles_lim}: the most open device handles one holder may have. */
    String MAXFILES_LIM = "maxfiles_lim";
    /** {@code modcall_timeout}: seconds module code may take (load, unload, constructor, a timer task). */
    String MODCALL_TIMEOUT = "modcall_timeout";
    /** {@code callout_workers} (automatic): the timer workers the kernel keeps ready. */
    String CALLOUT_WORKERS = "callout_workers";
    /** {@code modautoload}: 1 if the kernel loads modules on demand by itself (autoload), 0 if not. */
    String MODAUTOLOAD = "modautoload";
    /**
     * {@code module_sig_enforce}: 1 if only module jars signed by a key of the home's trust store may be registered or
     * loaded from a path; once 1 in the running kernel it stays 1 until the next boot ({@link OnOnlyTunables}).
     */
    String MODULE_SIG_ENFORCE = "module_sig_enforce";

    /** No limits, and the default module-code limit: for tests of rooms that do not exercise the tunables. */
    KernelLimits UNLIMITED = new KernelLimits() {
        @Override
        public long get(String name) {
            return name.equals(MODCALL_TIMEOUT) ? 30 : name.equals(CALLOUT_WORKERS) ? 0 : Long.MAX_VALUE;
        }

        @Override
        public long floor(String name) {
            return 0;
        }

        @Override
        public void tuned(String name, long value) {
        }
    };

    /**
     * @param name one of the names above
     * @return its current value
     */
    long get(String name);

    /**
     * @param name an automatic tunable
     * @return its planned value at boot: where the kernel starts it, and the least it keeps
     */
    long floor(String name);

    /**
     * The kernel has tuned an automatic tunable.
     *
     * @param name one of the automatic tunables above
     * @param value its new current value
     */
    void tuned(String name, long value);

    /** @return {@code modcall_timeout} as a duration */
    default Duration moduleCallLimit() {
        return Duration.ofSeconds(get(MODCALL_TIMEOUT));
    }
}
