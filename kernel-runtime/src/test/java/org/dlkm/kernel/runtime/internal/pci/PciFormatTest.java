package org.dlkm.kernel.runtime.internal.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciClass;
import org.junit.jupiter.api.Test;

class PciFormatTest {

    private final PciBus bus = new PciBus(HardwareDescription.defaultMachine());

    @Test
    void procPciListsTheConsoleDevicesOfTheDefaultMachine() {
        assertEquals("""
                PCI devices found:
                  Bus  0, device   0, function  0:
                    Host bridge: Intel Corporation 440BX/ZX/DX - 82443BX/ZX/DX Host bridge (8086:7190).
                  Bus  0, device   8, function  0:
                    Ethernet controller: Intel Corporation 82557/8/9 [Ethernet Pro 100] (8086:1229).
                  Bus  0, device  12, function  0:
                    SCSI storage controller: Adaptec AIC-7890/1 Ultra2 SCSI (9005:001f).
                  Bus  0, device  15, function  0:
                    VGA compatible controller: ATI Technologies Inc Rage XL (1002:4752).
                """, PciFormat.procPci(bus.consoleVisible()));
    }

    @Test
    void aSharedDeviceStillAppearsInProcPci() throws Exception {
        bus.claim("aic7xxx", d -> d.deviceClass() == PciClass.SCSI, Set.of(new PciAddress(0, 12, 0)));

        assertEquals(PciFormat.procPci(new PciBus(HardwareDescription.defaultMachine()).consoleVisible()),
                PciFormat.procPci(bus.consoleVisible()));
    }

    @Test
    void procPciListsDevicesInAddressOrderWithBusAndFunction() throws Exception {
        PciBus b = new PciBus(HardwareDescription.parse("t", """
                2:31.7 abcd:00ef usb console Some USB
                0:1    1234:5678 ide console Some IDE
                """));

        assertEquals("""
                PCI devices found:
                  Bus  0, device   1, function  0:
                    IDE interface: Some IDE (1234:5678).
                  Bus  2, device  31, function  7:
                    USB Controller: Some USB (abcd:00ef).
                """, PciFormat.procPci(b.devices()));
    }

    @Test
    void noDevicesPrintOnlyTheProcPciHeading() {
        assertEquals("PCI devices found:\n", PciFormat.procPci(List.of()));
    }
}
