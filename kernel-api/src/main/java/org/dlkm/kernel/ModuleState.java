package org.dlkm.kernel;

/** Where a module is in its life, as {@code kmadmin} reports it. */
public enum ModuleState {
    /** Being installed, resolved and started; its {@code load} has not returned. */
    LOADING,
    /** Loaded and running. */
    LOADED,
    /** Its {@code unload} is running or its bundle is being uninstalled. */
    UNLOADING,
    /** Registered with the kernel but not loaded. */
    UNLOADED
}
