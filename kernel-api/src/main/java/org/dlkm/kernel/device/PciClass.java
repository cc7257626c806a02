package org.dlkm.kernel.device;

/** The PCI device classes the simulated bus knows, with the names {@code /proc/pci} prints. */
public enum PciClass {
    /** An Ethernet controller. */
    ETHERNET("Ethernet controller"),
    /** A SCSI storage controller. */
    SCSI("SCSI storage controller"),
    /** A VGA-compatible display controller. */
    VGA("VGA compatible controller"),
    /** A host bridge. */
    BRIDGE("Host bridge"),
    /** An IDE interface. */
    IDE("IDE interface"),
    /** A USB controller. */
    USB("USB Controller");

    private final String label;

    PciClass(String label) {
        this.label = label;
    }

    /** @return the name {@code /proc/pci} prints */
    public String label() {
        return label;
    }
}
