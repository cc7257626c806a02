package org.dlkm.kernel.device;

/** The kinds of device a module can register. */
public enum DeviceKind {
    /** A network interface, published under {@code /proc/vmware/net}. */
    NETWORK("net"),
    /** A SCSI host adapter, published under {@code /proc/vmware/scsi}. */
    SCSI("scsi");

    private final String procDirectory;

    DeviceKind(String procDirectory) {
        this.procDirectory = procDirectory;
    }

    /** @return the directory under {@code /proc/vmware} that holds devices of this kind */
    public String procDirectory() {
        return procDirectory;
    }
}
