package org.dlkm.itest.modules.failing;

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
 * A module whose load fails after it has claimed a PCI card, registered a network device, published a proc entry,
 * started a timer and a thread: the kernel must withdraw all of it.
 */
public final class FailingModule implements KernelModule {

    @Override
    public void load(ModuleContext context) throws Exception {
        List<PciDevice> cards = context.claimPciDevices(d -> d.vendorId() == 0x8086 && d.deviceId() == 0x1229);
        context.registerNetworkDevice(cards.get(0), new NetworkDevice() {
            @Override
            public String macAddress() {
                return "00:00:00:00:00:01";
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
        context.publishProc("/proc/vmware/failing", () -> "about to fail\n");
        context.schedule(() -> { }, 10, 10, TimeUnit.MILLISECONDS);
        context.startThread("worker", () -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        throw new KernelException(Errno.ENOMEM, "cannot allocate the receive ring");
    }

    @Override
    public int unload() {
        return 0;
    }
}
