package org.dlkm.kernel.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Something a module registered through its context: a device, a proc entry, a filter class. The kernel withdraws
 * whatever is still registered when the module unloads or its load fails; a module may withdraw it earlier.
 */
@ProviderType
public interface Registration {

    /** @return the name the kernel gave it ({@code vmnic0}, {@code /proc/vmware/net/vmnic0}, {@code nfshaper}) */
    String name();

    /** Withdraws it. Idempotent. */
    void unregister();
}
