package org.dlkm.launcher;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;

/**
 * Waits until the kernel has booted. The runtime registers its kernel service at once, with the service property
 * {@code dlkm.kernel.state=booting}, and boots its modules on a thread of its own (module code at boot may wait
 * for services); the property becomes {@code running} when the boot is done. The shell and scripts start after
 * that, so that the boot's messages come first and the boot modules are loaded when the first command runs.
 *
 * <p>Stateless; the launcher's main thread calls it once.
 */
final class KernelBootWait {
    static final String KERNEL_SERVICE = "org.dlkm.kernel.KernelService";
    static final String BOOTING = "(dlkm.kernel.state=booting)";
    private static final long POLL_MILLIS = 10;

    private KernelBootWait() {
    }

    /**
     * Returns once no kernel service is booting: it runs, or the runtime failed to start (then there is no kernel
     * service at all, and the commands report it). The boot itself is bounded: the kernel's watchdog limits each
     * module's code.
     */
    static void await(BundleContext context) throws InterruptedException {
        try {
            // all references, whatever class the asking bundle sees: the launcher has kernel-api on its own class path
            // (for KernelHomeLayout), so the framework's getServiceReferences filters out the runtime's KernelService,
            // whose class is the kernel-api bundle's, and this loop returned at once, before the boot was done
            while (context.getAllServiceReferences(KERNEL_SERVICE, BOOTING) != null) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("the filter " + BOOTING + " is valid", e);
        }
    }
}
