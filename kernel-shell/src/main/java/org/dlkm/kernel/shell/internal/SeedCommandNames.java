package org.dlkm.kernel.shell.internal;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The seeds' commands as the manuals type them: with their absolute paths ({@code /usr/sbin/kmadmin -L e100},
 * {@code /usr/lbin/sysadm/system_prep}), each an alias of the dlkm command of that name; and the manuals' commands
 * not built yet, which say so ({@code dlkm: mk_kernel: not available yet}) instead of Gogo's "command not found".
 * When one of those is built, it leaves {@link #NOT_YET} and its own component registers it.
 *
 * <p>Each name is a Gogo {@link Function} service in the {@code dlkm} scope; an alias finds its command when it is
 * called, so it follows the command's component. Threading: registered and unregistered by DS; the functions are
 * stateless and may run on any thread.
 */
@Component(immediate = true, service = {})
public final class SeedCommandNames {
    /** Absolute paths of the manuals, and the command each names. */
    static final Map<String, String> PATHS = Map.ofEntries(
            Map.entry("/usr/sbin/kmadmin", "kmadmin"),
            Map.entry("/usr/sbin/kmsystem", "kmsystem"),
            Map.entry("/usr/sbin/kminstall", "kminstall"),
            Map.entry("/usr/sbin/kmtune", "kmtune"),
            Map.entry("/usr/sbin/kmupdate", "kmupdate"),
            Map.entry("/usr/sbin/mk_kernel", "mk_kernel"),
            Map.entry("/usr/sbin/config", "config"),
            Map.entry("/usr/lbin/sysadm/system_prep", "system_prep"),
            Map.entry("/usr/sbin/shutdown", "shutdown"),
            Map.entry("/usr/sbin/vmkload_mod", "vmkload_mod"),
            Map.entry("/usr/bin/vmware-cmd", "vmware-cmd"));

    /** Commands of the manuals that dlkm does not have yet. */
    static final List<String> NOT_YET = List.of();

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    void activate(BundleContext context) {
        PATHS.forEach((path, command) -> register(context, path, new Alias(command)));
        for (String command : NOT_YET) {
            register(context, command, (session, arguments) -> {
                throw notAvailable(command);
            });
        }
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }

    private void register(BundleContext context, String name, Function function) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.command.scope", "dlkm");
        properties.put("osgi.command.function", name);
        registrations.add(context.registerService(Function.class, function, properties));
    }

    /** @return the refusal of a command the manuals have and dlkm does not, yet */
    static RuntimeException notAvailable(String command) {
        return new Refusal("dlkm: " + command + ": not available yet");
    }

    /** Runs the dlkm command an absolute path names, with the same arguments. */
    static final class Alias implements Function {
        private final String command;

        Alias(String command) {
            this.command = command;
        }

        @Override
        public Object execute(CommandSession session, List<Object> arguments) throws Exception {
            Object target = session.get("dlkm:" + command);
            if (!(target instanceof Function function)) {
                throw notAvailable(command);
            }
            return function.execute(session, arguments);
        }
    }

    /** A refusal printed as its message alone, as the shell prints every dlkm refusal. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
