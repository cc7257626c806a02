package org.dlkm.kernel.shell.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;

/**
 * A Gogo {@link CommandSession} whose variables are a map, as far as the commands under test use one: {@code get}
 * and {@code put}. Any other method fails the test. Not thread-safe.
 */
final class FakeSession {
    final Map<String, Object> variables;

    FakeSession(Map<String, Object> variables) {
        this.variables = new HashMap<>(variables);
    }

    CommandSession proxy() {
        return (CommandSession) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CommandSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "get" -> variables.get((String) args[0]);
                    case "put" -> variables.put((String) args[0], args[1]);
                    case "toString" -> "FakeSession" + variables.keySet();
                    default -> throw new AssertionError("the command called CommandSession." + method.getName());
                });
    }

    /** A Gogo function that records the arguments of each call, and returns nothing. */
    static Function function(List<Object> calls) {
        return (session, arguments) -> {
            calls.add(List.copyOf(arguments));
            return null;
        };
    }

    /** A service the code under test must not call. */
    static <T> T unused(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(FakeSession.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    throw new AssertionError(type.getSimpleName() + "." + method.getName() + " was called");
                }));
    }
}
