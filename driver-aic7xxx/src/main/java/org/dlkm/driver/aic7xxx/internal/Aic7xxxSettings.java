package org.dlkm.driver.aic7xxx.internal;

import org.dlkm.kernel.spi.ModuleParameters;

/** The aic7xxx parameters of one load, range-checked by the kernel. */
record Aic7xxxSettings(boolean verbose, boolean noReset, int seltime, int tagDepth, int disks) {

    static Aic7xxxSettings from(ModuleParameters p) {
        return new Aic7xxxSettings(p.getBoolean("verbose"), p.getBoolean("no_reset"), p.getInt("seltime"),
                p.getInt("tag_info"), p.getInt("disks"));
    }

    int selectionTimeoutMillis() {
        return 256 >> seltime;
    }
}
