package org.dlkm.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dlkm.kernel.vm.VirtualMachines;
import org.junit.After;

/**
 * Tests with virtual machines: {@code .vmx} files written under the home's {@code vmfs/}, and every machine stopped
 * and unregistered after each test, before the modules unload.
 */
public abstract class VirtualMachineSupport extends KernelTestSupport {

    @After
    public void stopAndUnregisterEverything() throws Exception {
        VirtualMachines vms = context.getService(context.getServiceReference(VirtualMachines.class));
        for (Path p : vms.registered()) {
            if (vms.running().stream().anyMatch(v -> v.configFile().equals(p))) {
                vms.stop(p);
            }
            vms.unregister(p);
        }
    }

    /** @return the home's {@code vmfs/} */
    protected Path vmfs() {
        return Path.of(context.getProperty("dlkm.home")).resolve("vmfs");
    }

    /** Writes {@code vmfs/NAME/NAME.vmx} and returns its path as the shell shows it. */
    protected String vmx(String name, String... lines) throws IOException {
        Path file = vmfs().resolve(name).resolve(name + ".vmx");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
        return "/vmfs/" + name + "/" + name + ".vmx";
    }
}
