package org.dlkm.kernel.runtime.internal.table;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.dlkm.kernel.spi.KernelModule;
import org.osgi.framework.Bundle;

/**
 * One row of the module table. The identity fields are fixed at creation; the others change only while the
 * transition lock is held, and are volatile so that queries can read them without it. The fields are public
 * because every room of the runtime reads the row (the loader fills it, busy rules and devices read it); only the
 * loader and the withdrawal write the mutable ones.
 */
public final class LoadedModule {
    public final int id;
    public final ModuleJar jar;
    public final String tag;
    public final boolean exportSymbols;
    public final Map<String, String> parameters;
    public final Set<PciAddress> sharedDevices;
    /** Loaded at boot as statically configured: it never unloads. */
    public final boolean statik;
    /** Block and character major numbers, -1 for none. */
    private final int[] majors;

    /** How the module came to be loaded ({@code kmadmin -Q}'s "Loaded By"): set when its load begins. */
    public volatile String loadedBy = "load request";
    public volatile ModuleState state = ModuleState.LOADING;
    public volatile Bundle bundle;
    public volatile KernelModule instance;
    public volatile ModuleResources resources;
    public volatile Instant loadedAt;
    /**
     * The highest ID of a live thread when the load began: a thread with a higher one was created during the
     * module's life, so it may be one the module started. Until the load sets it, no thread is.
     */
    public volatile long threadIdAtLoad = Long.MAX_VALUE;

    public LoadedModule(int id, ModuleJar jar, String tag, boolean exportSymbols, Map<String, String> parameters,
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

    public String name() {
        return jar.name();
    }

    public int blockMajor() {
        return majors[0];
    }

    public int charMajor() {
        return majors[1];
    }

    @Override
    public String toString() {
        return name() + " (ID " + id + ")";
    }
}
