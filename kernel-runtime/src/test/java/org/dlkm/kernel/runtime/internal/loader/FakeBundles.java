package org.dlkm.kernel.runtime.internal.loader;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;

import org.dlkm.kernel.runtime.internal.catalog.ModuleJar;
import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Framework-free stand-ins for the OSGi types the resolver hook sees, built with {@link Proxy}: each answers only
 * the methods the hook calls and fails loudly on any other.
 */
public final class FakeBundles {

    private FakeBundles() {
    }

    /** @return an ordinary bundle: no {@code DLKM-Module-Class} header */
    static Bundle bundle(long id, String symbolicName) {
        return bundle(id, symbolicName, new Hashtable<>());
    }

    /** @return a bundle carrying {@code DLKM-Module-Class}, as a module jar does */
    static Bundle module(long id, String name) {
        Hashtable<String, String> headers = new Hashtable<>();
        headers.put(ModuleJar.MODULE_CLASS_HEADER, "org.dlkm." + name + ".Module");
        return bundle(id, "org.dlkm." + name, headers);
    }

    /** @return the system bundle, ID 0 */
    static Bundle systemBundle() {
        return bundle(0, "org.apache.felix.framework");
    }

    private static Bundle bundle(long id, String symbolicName, Dictionary<String, String> headers) {
        String text = symbolicName + " [" + id + "]";
        return fake(Bundle.class, text, (proxy, method, args) -> switch (method.getName()) {
        case "getBundleId" -> id;
        case "getSymbolicName" -> symbolicName;
        case "getHeaders" -> headers;
        default -> unsupported(text, method.getName());
        });
    }

    static BundleRevision revision(Bundle bundle) {
        String text = "revision of " + bundle;
        return fake(BundleRevision.class, text, (proxy, method, args) -> switch (method.getName()) {
        case "getBundle" -> bundle;
        case "getSymbolicName" -> bundle.getSymbolicName();
        default -> unsupported(text, method.getName());
        });
    }

    /** @return a package capability ({@code osgi.wiring.package}) that {@code bundle} exports */
    static BundleCapability exportOf(Bundle bundle, String packageName) {
        BundleRevision revision = revision(bundle);
        String text = PackageNamespace.PACKAGE_NAMESPACE + "=" + packageName + " from " + bundle;
        return fake(BundleCapability.class, text, (proxy, method, args) -> switch (method.getName()) {
        case "getRevision", "getResource" -> revision;
        case "getNamespace" -> PackageNamespace.PACKAGE_NAMESPACE;
        default -> unsupported(text, method.getName());
        });
    }

    /** @return a capability of any namespace that {@code bundle} provides */
    static BundleCapability capabilityOf(Bundle bundle, String namespace) {
        BundleRevision revision = revision(bundle);
        String text = namespace + " from " + bundle;
        return fake(BundleCapability.class, text, (proxy, method, args) -> switch (method.getName()) {
        case "getRevision", "getResource" -> revision;
        case "getNamespace" -> namespace;
        default -> unsupported(text, method.getName());
        });
    }

    /** @return a requirement of {@code bundle} in {@code namespace} */
    static BundleRequirement requirementOf(Bundle bundle, String namespace) {
        BundleRevision revision = revision(bundle);
        String text = namespace + " required by " + bundle;
        return fake(BundleRequirement.class, text, (proxy, method, args) -> switch (method.getName()) {
        case "getRevision", "getResource" -> revision;
        case "getNamespace" -> namespace;
        default -> unsupported(text, method.getName());
        });
    }

    /**
     * @return a proxy of the type: identity {@code equals} and {@code hashCode}, the text as {@code toString}, the
     *     answers for every other method
     */
    public static <T> T fake(Class<T> type, String text, InvocationHandler answers) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        case "toString" -> text;
        default -> answers.invoke(proxy, method, args);
        };
        return type.cast(Proxy.newProxyInstance(FakeBundles.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** The answer of a fake to a method it does not fake: an exception naming both. */
    public static Object unsupported(String fake, String method) {
        throw new UnsupportedOperationException(fake + " does not fake " + method + "()");
    }
}
