package org.dlkm.kernel.device;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An open handle on a device. While it is open the device's module is busy and cannot be unloaded.
 */
@ProviderType
public interface DeviceHandle extends AutoCloseable {

    /** @return the device name */
    String deviceName();

    /** @return who opened it */
    String holder();

    /**
     * @param type {@link NetworkDevice} or {@link ScsiAdapter}
     * @return the device, to use while the handle is open
     * @throws IllegalArgumentException if the device is not of that type
     * @throws IllegalStateException if the handle is closed
     */
    <T> T device(Class<T> type);

    /** Closes the handle. Idempotent. */
    @Override
    void close();
}
