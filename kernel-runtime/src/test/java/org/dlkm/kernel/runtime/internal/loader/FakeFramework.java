package org.dlkm.kernel.runtime.internal.loader;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Version;

/**
 * A framework seam without a framework: it hands out stand-in bundles that load classes from the test's class
 * path, records every operation in order, and can be told to fail at one of them.
 */
final class FakeFramework implements FrameworkSeam {
    final List<String> operations = new ArrayList<>();
    private long nextId = 10;
    boolean resolves = true;
    boolean startFails;

    @Override
    public Bundle install(Path jar) {
        long id = nextId++;
        operations.add("install " + id);
        int[] state = {Bundle.INSTALLED};
        String text = "fake bundle " + id;
        return (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                case "getBundleId" -> id;
                case "getSymbolicName" -> "org.dlkm.test.module" + id;
                case "getVersion" -> Version.emptyVersion;
                case "getState" -> state[0];
                case "loadClass" -> Class.forName((String) args[0]);
                case "adapt" -> null;
                case "start" -> {
                    state[0] = Bundle.ACTIVE;
                    yield null;
                }
                case "stop" -> {
                    state[0] = Bundle.RESOLVED;
                    yield null;
                }
                case "uninstall" -> {
                    state[0] = Bundle.UNINSTALLED;
                    yield null;
                }
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> text;
                default -> throw new UnsupportedOperationException(text + " does not fake " + method.getName());
                });
    }

    @Override
    public boolean resolve(Bundle bundle) {
        operations.add("resolve " + bundle.getBundleId());
        return resolves;
    }

    @Override
    public void start(Bundle bundle) throws BundleException {
        operations.add("start " + bundle.getBundleId());
        if (startFails) {
            throw new BundleException("the fake framework refuses to start it");
        }
        bundle.start();
    }

    @Override
    public void stop(Bundle bundle) throws BundleException {
        if (bundle.getState() == Bundle.ACTIVE) {
            operations.add("stop " + bundle.getBundleId());
            bundle.stop();
        }
    }

    @Override
    public void uninstall(Bundle bundle) throws BundleException {
        operations.add("uninstall " + bundle.getBundleId());
        bundle.uninstall();
    }

    @Override
    public boolean refresh(Bundle bundle) {
        operations.add("refresh " + bundle.getBundleId());
        return true;
    }
}
