package org.dlkm.kernel.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when a dynamic tunable of its module changes in the running kernel ({@code kmtune -u}); registered with
 * {@link ModuleContext#onTunableChange}.
 *
 * <p>Threading: called on the module's timer lane, one call at a time, never inside a framework callback or while a
 * kernel lock is held. It should be short, as a timer task should.
 *
 * @since 1.2
 */
@ConsumerType
@FunctionalInterface
public interface TunableListener {

    /**
     * @param name the tunable's name as its master file declares it
     * @param oldValue the value it had
     * @param newValue the value it has now; {@link ModuleContext#tunable} returns it too
     */
    void tunableChanged(String name, long oldValue, long newValue);
}
