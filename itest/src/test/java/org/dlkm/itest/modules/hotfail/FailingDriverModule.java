package org.dlkm.itest.modules.hotfail;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.NetStatistics;
import org.dlkm.kernel.device.NetworkDevice;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.spi.KernelModule;
import org.dlkm.kernel.spi.ModuleContext;

/**
 * A driver (tag {@code vmxfail}, the PIIX4 IDE card 8086:7111 in its {@code $PCI_ID}) whose load fails after it has
 * claimed its cards, registered a device for the first, published a proc entry and started a timer and a thread: an
 * autoload of it, by a hot-plugged card or a device open, must leave none of it behind.
 */
public final class FailingDriverModule implements KernelModule {

    @Override
    public void load(ModuleContext context) throws Exception {
        List<PciDevice> cards = context.claimPciDevices(d -> d.vendorId() == 0x8086 && d.deviceId() == 0x7111);
        if (!cards.isEmpty()) {
            context.registerNetworkDevice(cards.get(0), new NetworkDevice() {
                @Override
                public String macAddress() {
                    return "00:00:00:00:00:02";
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
        }
        context.publishProc("/proc/vmware/hotfail", () -> "about to fail\n");
        context.schedule(() -> { }, 10, 10, TimeUnit.MILLISECONDS);
        context.startThread("worker", () -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        throw new KernelException(Errno.ENOMEM, "cannot allocate the descriptor ring");
    }

    @Override
    public int unload() {
        return 0;
    }
}
