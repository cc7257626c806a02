package org.dlkm.itest;

import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/** Each kernel log line goes to the OSGi Logger as well, when a log service is there. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KernelLogForwardingIT extends KernelTestSupport {

    @Test
    public void kernelLogLinesReachTheOsgiLoggerNamedDlkmKernel() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Logger logger = (Logger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("info") && args.length == 1) {
                        lines.add((String) args[0]);
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
        List<String> names = new CopyOnWriteArrayList<>();
        LoggerFactory factory = (LoggerFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {LoggerFactory.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getLogger") && args[0] instanceof String name) {
                        names.add(name);
                    }
                    return logger;
                });
        ServiceRegistration<LoggerFactory> registration = context.registerService(LoggerFactory.class, factory, null);
        try {
            ok("vmkload_mod nfshaper nfshaper");
            assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.startsWith("nfshaper: loaded as ID ")));
            assertTrue(names.toString(), names.stream().allMatch("dlkm.kernel"::equals));
            assertTrue(ok("cat /proc/vmware/log").contains("nfshaper: loaded as ID "));
        } finally {
            registration.unregister();
        }
    }
}
