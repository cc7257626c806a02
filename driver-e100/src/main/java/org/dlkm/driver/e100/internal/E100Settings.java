package org.dlkm.driver.e100.internal;

import org.dlkm.kernel.spi.ModuleParameters;

/**
 * The e100 parameters of one load, already range-checked by the kernel against the {@code DLKM-Parameters}
 * declaration.
 */
record E100Settings(int debug, int rxDescriptors, int txDescriptors, int speedDuplex, boolean rxChecksum,
        int interruptDelay) {

    static E100Settings from(ModuleParameters p) {
        return new E100Settings(p.getInt("debug"), p.getInt("RxDescriptors"), p.getInt("TxDescriptors"),
                p.getInt("e100_speed_duplex"), p.getBoolean("XsumRX"), p.getInt("IntDelay"));
    }

    /** @return the link's speed: 10 Mbit/s when forced so, else 100 */
    long linkBitsPerSecond() {
        return speedDuplex == 1 || speedDuplex == 2 ? 10_000_000L : 100_000_000L;
    }

    String speedDuplexText() {
        switch (speedDuplex) {
        case 1: return "10 Mbps half duplex (forced)";
        case 2: return "10 Mbps full duplex (forced)";
        case 3: return "100 Mbps half duplex (forced)";
        case 4: return "100 Mbps full duplex (forced)";
        default: return "100 Mbps full duplex (autonegotiated)";
        }
    }
}
