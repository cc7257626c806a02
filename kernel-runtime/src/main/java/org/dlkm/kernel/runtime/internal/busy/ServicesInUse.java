package org.dlkm.kernel.runtime.internal.busy;

import java.util.ArrayList;
import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.table.LoadedModule;
import org.dlkm.kernel.runtime.internal.table.ModuleTable;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * A module's services in use hold it: each service its bundle registered that another bundle has got from the
 * registry and not released (the registry's using bundles), named by the service's first object class and the
 * user, a module by its name, any other bundle by its symbolic name and ID. The kernel's own bundle is no user:
 * its stubs keep the service they forward calls to without holding the module, and let it go when it unloads.
 *
 * <p>Threading: any thread; reads the framework's service registry, which is safe to read concurrently.
 */
public final class ServicesInUse implements HoldSource {
    private final ModuleTable table;
    private final long kernelBundle;

    /** @param kernelBundle the ID of the kernel runtime's own bundle, whose uses are not holds */
    public ServicesInUse(ModuleTable table, long kernelBundle) {
        this.table = table;
        this.kernelBundle = kernelBundle;
    }

    @Override
    public List<String> holders(LoadedModule module) {
        Bundle bundle = module.bundle;
        List<String> holders = new ArrayList<>();
        ServiceReference<?>[] services;
        try {
            services = bundle == null ? null : bundle.getRegisteredServices();
        } catch (IllegalStateException uninstalled) {
            return holders;
        }
        if (services == null) {
            return holders;
        }
        for (ServiceReference<?> service : services) {
            Bundle[] users = service.getUsingBundles();
            if (users == null) {
                continue;
            }
            String[] classes = (String[]) service.getProperty(Constants.OBJECTCLASS);
            String what = classes == null || classes.length == 0 ? "service " + service : classes[0];
            for (Bundle user : users) {
                if (user.getBundleId() != bundle.getBundleId() && user.getBundleId() != kernelBundle) {
                    holders.add(what + " by " + userName(user));
                }
            }
        }
        return holders;
    }

    private String userName(Bundle user) {
        return table.byBundle(user).map(m -> "module " + m.name())
                .orElse("bundle " + user.getSymbolicName() + " [" + user.getBundleId() + "]");
    }

    @Override
    public KernelException refusal(LoadedModule module, List<String> holders) {
        boolean one = holders.size() == 1;
        return new KernelException(Errno.EBUSY, module.name() + ": module is busy: its "
                + (one ? "service " : "services ") + String.join(", ", holders).replace(" by ", " is in use by ")
                + "; " + (one ? "its user must release it" : "their users must release them")
                + " (unget the service, or stop the user) first");
    }
}
