package org.dlkm.kernel.runtime.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.spi.KernelModule;
import org.osgi.framework.Bundle;

/**
 * One row of the module table. The identity fields are fixed at creation; the others change only while the kernel
 * lock is held, and are volatile so that queries can read them without it.
 */
final class LoadedModule {
    final int id;
    final ModuleJar jar;
    final String tag;
    final boolean exportSymbols;
    final Map<String, String> parameters;
    final Set<PciAddress> sharedDevices;
    /** Loaded at boot as statically configured: it never unloads. */
    final boolean statik;
    /** Block and character major numbers, -1 for none. */
    final int[] majors;

    volatile ModuleState state = ModuleState.LOADING;
    volatile Bundle bundle;
    volatile KernelModule instance;
    volatile ModuleContextImpl context;
    volatile Instant loadedAt;

    LoadedModule(int id, ModuleJar jar, String tag, boolean exportSymbols, Map<String, String> parameters,
            Set<PciAddress> sharedDevices, boolean statik, int[] majors) {
        this.id = id;
        this.jar = jar;
        this.tag = tag;
        this.exportSymbols = exportSymbols;
        this.parameters = Map.copyOf(parameters);
        this.sharedDevices = Set.copyOf(sharedDevices);
        this.statik = statik;
        this.majors = majors.clone();
    }

    String name() {
        return jar.name();
    }

    @Override
    public String toString() {
        return name() + " (ID " + id + ")";
    }
}
