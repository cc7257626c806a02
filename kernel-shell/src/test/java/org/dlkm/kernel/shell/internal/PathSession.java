package org.dlkm.kernel.shell.internal;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;

/** A Gogo session for the commands' tests: variables and a current directory, nothing else. */
final class PathSession {
    private PathSession() {
    }

    /** @param cwd the current directory the launcher would set */
    static CommandSession in(Path cwd) {
        Map<String, Object> variables = new HashMap<>();
        Path[] dir = {cwd};
        return (CommandSession) Proxy.newProxyInstance(PathSession.class.getClassLoader(),
                new Class<?>[] {CommandSession.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                    case "get":
                        return variables.get((String) args[0]);
                    case "put":
                        return variables.put((String) args[0], args[1]);
                    case "currentDir":
                        if (args == null) {
                            return dir[0];
                        }
                        dir[0] = (Path) args[0];
                        return null;
                    default:
                        throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
