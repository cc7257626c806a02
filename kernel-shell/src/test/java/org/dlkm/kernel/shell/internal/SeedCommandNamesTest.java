package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.junit.jupiter.api.Test;

class SeedCommandNamesTest {

    private static CommandSession sessionWith(Map<String, Object> names) {
        return (CommandSession) Proxy.newProxyInstance(SeedCommandNamesTest.class.getClassLoader(),
                new Class<?>[] {CommandSession.class}, (proxy, method, args) -> {
                    if (method.getName().equals("get")) {
                        return names.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void anAbsolutePathRunsTheDlkmCommandOfThatNameWithTheSameArguments() throws Exception {
        Function kmadmin = (session, arguments) -> "kmadmin " + arguments;
        Object result = new SeedCommandNames.Alias("kmadmin")
                .execute(sessionWith(Map.of("dlkm:kmadmin", kmadmin)), List.of("-L", "e100"));
        assertEquals("kmadmin [-L, e100]", result);
    }

    @Test
    void anAbsolutePathOfACommandNotBuiltSaysSo() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> new SeedCommandNames.Alias("mk_kernel").execute(sessionWith(Map.of()), List.of()));
        assertEquals("dlkm: mk_kernel: not available yet", e.toString());
    }

    @Test
    void everyPathOfTheManualsIsAnAlias() {
        assertEquals("kmadmin", SeedCommandNames.PATHS.get("/usr/sbin/kmadmin"));
        assertEquals("system_prep", SeedCommandNames.PATHS.get("/usr/lbin/sysadm/system_prep"));
    }
}
