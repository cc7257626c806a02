package org.dlkm.kernel.spi;

import org.osgi.annotation.versioning.ProviderType;

/** A timer a module started through its context (the seeds' {@code timeout()}). */
@ProviderType
public interface ModuleTimer {

    /** Cancels the timer; a run already under way completes. Idempotent. */
    void cancel();

    /** @return whether it was cancelled, or ran once and will not run again */
    boolean isDone();
}
