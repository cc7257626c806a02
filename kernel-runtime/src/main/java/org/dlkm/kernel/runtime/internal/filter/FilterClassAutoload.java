package org.dlkm.kernel.runtime.internal.filter;

import java.util.List;
import java.util.function.Function;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.device.DriverAutoload;

/**
 * The kernel's autoload as the filter room calls it on an {@code xmitpush} of a class nobody registered: which
 * registered modules declare the class ({@code Provide-Capability: dlkm.filter;dlkm.filter=nfshaper}, read from
 * their jars without loading them), and a demand load of one of them for a trigger and a requester. The runtime's
 * wiring connects it to the catalog and the autoload room (which checks {@code modautoload}, writes the trace to
 * {@code /proc/vmware/log} and records {@code kmadmin -Q}'s {@code Loaded By}). A seam, so that the filter room is
 * tested without a kernel.
 *
 * <p>Threading: called from the thread of the write, never from a hook or listener, with no lock of the room held.
 */
public interface FilterClassAutoload {
    /** No module declares any class: autoload never finds one. */
    FilterClassAutoload NONE = new FilterClassAutoload() {
        @Override
        public List<String> providers(String className) {
            return List.of();
        }

        @Override
        public void load(String module, String trigger, String requester) {
            throw new IllegalStateException("no provider to load");
        }
    };

    /**
     * @param providers the registered modules that declare a class, by class name (the catalog's index)
     * @param autoload the kernel's autoload entry point, the one device opens and hot-plug use
     * @return the kernel's autoload of filter classes
     */
    static FilterClassAutoload of(Function<String, List<String>> providers, DriverAutoload autoload) {
        return new FilterClassAutoload() {
            @Override
            public List<String> providers(String className) {
                return providers.apply(className);
            }

            @Override
            public void load(String module, String trigger, String requester) throws KernelException {
                autoload.load(module, trigger, requester);
            }
        };
    }

    /** @return the registered modules that declare they register the class, by name */
    List<String> providers(String className);

    /**
     * Loads a module and what it depends on, as one demand load; nothing if it is loaded already.
     *
     * @throws KernelException why the autoload was refused (autoload off: {@code ENOENT}) or failed
     */
    void load(String module, String trigger, String requester) throws KernelException;
}
