package org.dlkm.kernel.runtime.internal.vm;

import org.dlkm.kernel.device.DeviceHandle;

/** A device handle over a fake device, for tests of rooms that open devices (machines, filters). */
public final class FakeHandle {
    private FakeHandle() {
    }

    /**
     * @param device the device object the handle gives out, of the type asked or refused
     * @param onClose what closing the handle does
     */
    public static DeviceHandle of(String name, String holder, Object device, Runnable onClose) {
        return new DeviceHandle() {
            @Override
            public String deviceName() {
                return name;
            }

            @Override
            public String holder() {
                return holder;
            }

            @Override
            public <T> T device(Class<T> type) {
                if (!type.isInstance(device)) {
                    throw new IllegalArgumentException(name + " is not a " + type.getSimpleName());
                }
                return type.cast(device);
            }

            @Override
            public void close() {
                onClose.run();
            }
        };
    }
}
