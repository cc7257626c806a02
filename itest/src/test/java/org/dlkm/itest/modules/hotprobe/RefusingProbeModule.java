package org.dlkm.itest.modules.hotprobe;

import java.nio.ByteBuffer;

import org.dlkm.kernel.device.NetStatistics;
import org.dlkm.kernel.device.NetworkDevice;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;
import org.dlkm.kernel.spi.PciHotplugListener;

/**
 * A driver that takes hot-plugged PIIX4 USB cards (8086:7112) and refuses each in its probe after registering a
 * network device for it: the kernel must withdraw the device and its proc entry and release the card.
 */
public final class RefusingProbeModule implements KernelModule {

    @Override
    public void load(ModuleContext context) {
        context.onPciHotplug(d -> d.vendorId() == 0x8086 && d.deviceId() == 0x7112, new PciHotplugListener() {
            @Override
            public void deviceAdded(PciDevice device) throws Exception {
                context.registerNetworkDevice(device, new NetworkDevice() {
                    @Override
                    public String macAddress() {
                        return "00:00:00:00:00:03";
                    }

                    @Override
                    public void open() {
                    }

                    @Override
                    public void close() {
                    }

                    @Override
                    public void transmit(ByteBuffer frame) {
                    }

                    @Override
                    public NetStatistics statistics() {
                        return NetStatistics.builder().build();
                    }
                });
                throw new IllegalStateException("the card's firmware did not answer");
            }

            @Override
            public void deviceRemoved(PciDevice device) {
            }
        });
    }

    @Override
    public int unload() {
        return 0;
    }
}
