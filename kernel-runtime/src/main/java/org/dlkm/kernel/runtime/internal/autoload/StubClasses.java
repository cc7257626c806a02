package org.dlkm.kernel.runtime.internal.autoload;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Stub classes generated per service interface ({@link StubClassWriter}), defined as hidden classes beside the
 * kernel's own: a call through such a stub, once its target is set, is a volatile read of its field, a cast and an
 * interface call, where a {@code java.lang.reflect.Proxy} stub went through {@code Method.invoke}; while the field is
 * null, the call asks the stub's function for the target. The field's setter is made with the full-privilege lookup
 * that defining the class returns, and handed to the caller with the stub. Only for a public interface whose methods
 * name only types the kernel's class loader sees as the service's own loader does (the Java platform's, the kernel
 * API's); for any other, or if anything fails, none is made and the caller falls back to a proxy. A hidden class is
 * not held by the kernel's loader: it goes with its last stub. One class per stub made: stubs are made at boot, a few.
 *
 * <p>Stateless; safe from any thread.
 */
final class StubClasses {
    private static final MethodHandles.Lookup KERNEL = MethodHandles.lookup();
    private static final MethodType CONSTRUCTOR = MethodType.methodType(void.class, Function.class, String.class);

    private StubClasses() {
    }

    /**
     * A stub and the setter of its target field.
     *
     * @param object the stub, of the generated class
     * @param target sets the object every call goes to (a volatile write); null makes the calls ask the function
     *     again; it must be an instance of the service interface
     */
    record Stub(Object object, Consumer<Object> target) {
    }

    /**
     * @param service the service interface
     * @param target asked, by method name, for the object a call goes to while the stub's target field is null
     * @param description what the stub's {@code toString} says
     * @return a new stub, its target field null, or empty when no class can be made for this interface (use a
     *     proxy)
     */
    static Optional<Stub> stub(Class<?> service, Function<String, Object> target, String description) {
        List<Method> methods = forwarded(service);
        if (methods == null) {
            return Optional.empty();
        }
        try {
            String name = StubClassWriter.internalName(StubClasses.class).replace("StubClasses", "Stub$")
                    + service.getSimpleName();
            byte[] bytes = StubClassWriter.write(name, service, methods);
            MethodHandles.Lookup stubClass = KERNEL.defineHiddenClass(bytes, true);
            MethodHandle constructor = stubClass.findConstructor(stubClass.lookupClass(), CONSTRUCTOR);
            Object object = constructor.invoke(target, description);
            MethodHandle setter = stubClass.findSetter(stubClass.lookupClass(), StubClassWriter.TARGET_FIELD,
                    Object.class).bindTo(object);
            return Optional.of(new Stub(object, t -> set(setter, service.cast(t))));
        } catch (Throwable e) {
            return Optional.empty();
        }
    }

    /** Calls a bound setter of an object field, a volatile one: a volatile write. */
    private static void set(MethodHandle setter, Object value) {
        try {
            setter.invokeExact(value);
        } catch (Throwable e) {
            throw new IllegalStateException("the stub's target field could not be set", e);
        }
    }

    /** @return the methods a stub forwards, each (name, parameter types) once; null if no class can be made */
    static List<Method> forwarded(Class<?> service) {
        if (!service.isInterface() || !Modifier.isPublic(service.getModifiers()) || !visible(service)) {
            return null;
        }
        List<Method> methods = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Method m : service.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || isObjectMethod(m)) {
                continue;
            }
            String descriptor = MethodType.methodType(m.getReturnType(), m.getParameterTypes())
                    .toMethodDescriptorString();
            if (!seen.add(m.getName() + descriptor)) {
                continue;
            }
            if (!Modifier.isPublic(m.getDeclaringClass().getModifiers()) || !visible(m.getDeclaringClass())
                    || !visible(m.getReturnType())) {
                return null;
            }
            for (Class<?> p : m.getParameterTypes()) {
                if (!visible(p)) {
                    return null;
                }
            }
            methods.add(m);
        }
        return methods;
    }

    private static boolean isObjectMethod(Method m) {
        try {
            Object.class.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** @return whether the kernel's class loader resolves the type's name to the same type */
    private static boolean visible(Class<?> type) {
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (type.isPrimitive()) {
            return true;
        }
        try {
            return Class.forName(type.getName(), false, StubClasses.class.getClassLoader()) == type;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
