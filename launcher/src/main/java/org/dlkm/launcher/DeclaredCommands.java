package org.dlkm.launcher;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The Gogo commands that the enabled Declarative Services components of the active bundles declare
 * through their {@code osgi.command.scope} and {@code osgi.command.function} properties: the
 * commands that will exist once Declarative Services has registered the components' services.
 *
 * <p>Read from the {@code ServiceComponentRuntime} service through reflection, like
 * {@link GogoProcessor}, so that the launcher shares no Declarative Services type with the framework.
 * Stateless; each call asks the runtime afresh.
 */
final class DeclaredCommands {

    private static final String RUNTIME_TYPE = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    private static final String SCOPE = "osgi.command.scope";
    private static final String FUNCTION = "osgi.command.function";

    private DeclaredCommands() {
    }

    /**
     * The declared commands as lower-case {@code scope:function}, as Gogo lists them; empty when no
     * Declarative Services runtime is registered.
     *
     * @throws ReflectiveOperationException when the runtime does not offer the R7 DTO API
     */
    static Set<String> of(BundleContext context) throws ReflectiveOperationException {
        ServiceReference<?> reference = context.getServiceReference(RUNTIME_TYPE);
        Object runtime = reference == null ? null : context.getService(reference);
        if (runtime == null) {
            return Set.of();
        }
        try {
            Class<?> runtimeType = reference.getBundle().loadClass(RUNTIME_TYPE);
            Method descriptions = runtimeType.getMethod("getComponentDescriptionDTOs", Bundle[].class);
            Set<String> commands = new TreeSet<>();
            for (Object description : (Collection<?>) descriptions.invoke(runtime, (Object) new Bundle[0])) {
                Method enabled = runtimeType.getMethod("isComponentEnabled", description.getClass());
                if (Boolean.TRUE.equals(enabled.invoke(runtime, description)) && providesService(description)) {
                    commands.addAll(commands(field(description, "properties", Map.class)));
                }
            }
            return commands;
        } finally {
            context.ungetService(reference);
        }
    }

    /** The {@code scope:function} names a command service's properties declare. */
    static Set<String> commands(Map<?, ?> properties) {
        Object scope = properties.get(SCOPE);
        Set<String> commands = new TreeSet<>();
        if (scope != null) {
            for (Object function : values(properties.get(FUNCTION))) {
                commands.add((scope + ":" + function).toLowerCase(Locale.ROOT));
            }
        }
        return commands;
    }

    private static boolean providesService(Object description) throws ReflectiveOperationException {
        Object interfaces = field(description, "serviceInterfaces", Object.class);
        return interfaces != null && Array.getLength(interfaces) > 0;
    }

    private static List<?> values(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value.getClass().isArray()) {
            Object[] array = new Object[Array.getLength(value)];
            for (int i = 0; i < array.length; i++) {
                array[i] = Array.get(value, i);
            }
            return Arrays.asList(array);
        }
        if (value instanceof Collection<?> collection) {
            return List.copyOf(collection);
        }
        return List.of(value);
    }

    private static <T> T field(Object dto, String name, Class<T> type) throws ReflectiveOperationException {
        return type.cast(dto.getClass().getField(name).get(dto));
    }
}
