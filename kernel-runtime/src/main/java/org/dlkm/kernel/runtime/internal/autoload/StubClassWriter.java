package org.dlkm.kernel.runtime.internal.autoload;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the class file of a stub class for one service interface: a final class implementing it whose every
 * method calls the same method on the target the stub holds in its volatile field {@code target}, or, while that
 * is null, on what a {@code java.util.function.Function} returns for the method's name (which is where the module
 * is loaded and the field set, by whoever holds the field's setter); {@code toString} returns a description;
 * {@code equals} and {@code hashCode} are {@code Object}'s, identity, as a proxy's stub answered them. Written by
 * hand, not with a bytecode library: each method has one branch, whose one stack map frame is always the same, and
 * the constant pool is all there is to it.
 *
 * <pre>
 * public final class NAME implements SERVICE {
 *     private final Function function; private final String description; private volatile Object target;
 *     public NAME(Function function, String description) { this.function = function; this.description = ...; }
 *     public R m(A a, B b) {                                                      // for every method
 *         Object t = target;                                                      // one read of the field
 *         return ((DECLARING) (t != null ? t : function.apply("m"))).m(a, b);
 *     }
 *     public String toString() { return description; }
 * }
 * </pre>
 *
 * <p>Not thread-safe: one writer writes one class.
 */
final class StubClassWriter {
    private static final int VERSION_17 = 61;
    private static final int ACC_PUBLIC = 0x0001;
    private static final int ACC_PRIVATE = 0x0002;
    private static final int ACC_FINAL = 0x0010;
    private static final int ACC_VOLATILE = 0x0040;
    private static final int ACC_SUPER = 0x0020;
    private static final String FUNCTION = "java/util/function/Function";
    private static final String FUNCTION_DESCRIPTOR = "Ljava/util/function/Function;";
    private static final String STRING_DESCRIPTOR = "Ljava/lang/String;";
    private static final String OBJECT_DESCRIPTOR = "Ljava/lang/Object;";
    /** The name of the field holding the target, for its setter. */
    static final String TARGET_FIELD = "target";

    private final ByteArrayOutputStream poolBytes = new ByteArrayOutputStream();
    private final DataOutputStream pool = new DataOutputStream(poolBytes);
    private final Map<String, Integer> constants = new HashMap<>();
    private int poolCount = 1;

    /**
     * @param internalName the class's name, {@code org/acme/Greeter$$DlkmStub}
     * @param service the interface it implements
     * @param methods the methods to forward: public, not static, each (name, descriptor) once, none of
     *     {@code equals}, {@code hashCode}, {@code toString}
     * @return the class file
     */
    static byte[] write(String internalName, Class<?> service, List<Method> methods) {
        return new StubClassWriter().classFile(internalName, service, methods);
    }

    private byte[] classFile(String internalName, Class<?> service, List<Method> methods) {
        try {
            int thisClass = classRef(internalName);
            int superClass = classRef("java/lang/Object");
            int serviceClass = classRef(internalName(service));
            List<byte[]> methodInfos = new ArrayList<>();
            methodInfos.add(constructor(internalName));
            methodInfos.add(toStringMethod(internalName));
            for (Method m : methods) {
                methodInfos.add(forward(internalName, m));
            }
            int functionName = utf8("function");
            int descriptionName = utf8("description");
            int targetName = utf8(TARGET_FIELD);
            int functionType = utf8(FUNCTION_DESCRIPTOR);
            int stringType = utf8(STRING_DESCRIPTOR);
            int objectType = utf8(OBJECT_DESCRIPTOR);

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0xCAFEBABE);
            out.writeShort(0);
            out.writeShort(VERSION_17);
            pool.flush();
            out.writeShort(poolCount);
            out.write(poolBytes.toByteArray());
            out.writeShort(ACC_PUBLIC | ACC_FINAL | ACC_SUPER);
            out.writeShort(thisClass);
            out.writeShort(superClass);
            out.writeShort(1);
            out.writeShort(serviceClass);
            out.writeShort(3);
            field(out, ACC_PRIVATE | ACC_FINAL, functionName, functionType);
            field(out, ACC_PRIVATE | ACC_FINAL, descriptionName, stringType);
            field(out, ACC_PRIVATE | ACC_VOLATILE, targetName, objectType);
            out.writeShort(methodInfos.size());
            for (byte[] info : methodInfos) {
                out.write(info);
            }
            out.writeShort(0);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void field(DataOutputStream out, int access, int name, int descriptor) throws IOException {
        out.writeShort(access);
        out.writeShort(name);
        out.writeShort(descriptor);
        out.writeShort(0);
    }

    /** {@code <init>(Function, String)}: Object's constructor, then both final fields; the target is null. */
    private byte[] constructor(String owner) throws IOException {
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        DataOutputStream c = new DataOutputStream(code);
        c.writeByte(0x2a); // aload_0
        c.writeByte(0xb7); // invokespecial Object.<init>
        c.writeShort(methodRef(10, "java/lang/Object", "<init>", "()V"));
        c.writeByte(0x2a); // aload_0
        c.writeByte(0x2b); // aload_1
        c.writeByte(0xb5); // putfield function
        c.writeShort(fieldRef(owner, "function", FUNCTION_DESCRIPTOR));
        c.writeByte(0x2a); // aload_0
        c.writeByte(0x2c); // aload_2
        c.writeByte(0xb5); // putfield description
        c.writeShort(fieldRef(owner, "description", STRING_DESCRIPTOR));
        c.writeByte(0xb1); // return
        return method("<init>", "(" + FUNCTION_DESCRIPTOR + STRING_DESCRIPTOR + ")V", 2, 3, code.toByteArray(),
                new byte[0]);
    }

    private byte[] toStringMethod(String owner) throws IOException {
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        DataOutputStream c = new DataOutputStream(code);
        c.writeByte(0x2a); // aload_0
        c.writeByte(0xb4); // getfield description
        c.writeShort(fieldRef(owner, "description", STRING_DESCRIPTOR));
        c.writeByte(0xb0); // areturn
        return method("toString", "()" + STRING_DESCRIPTOR, 1, 1, code.toByteArray(), new byte[0]);
    }

    /**
     * {@code return ((DECLARING) (target != null ? target : function.apply("m"))).m(args...)}, the field read once:
     * the target stays on the stack, where both ways meet with one frame (the method's locals, an object on the
     * stack).
     */
    private byte[] forward(String owner, Method m) throws IOException {
        String descriptor = MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        DataOutputStream c = new DataOutputStream(code);
        c.writeByte(0x2a); // aload_0
        c.writeByte(0xb4); // getfield target
        c.writeShort(fieldRef(owner, TARGET_FIELD, OBJECT_DESCRIPTOR));
        c.writeByte(0x59); // dup
        c.writeByte(0xc7); // ifnonnull JOIN, past itself and the 13 bytes of the else
        c.writeShort(3 + 1 + 1 + 3 + 3 + 5);
        c.writeByte(0x57); // pop
        c.writeByte(0x2a); // aload_0
        c.writeByte(0xb4); // getfield function
        c.writeShort(fieldRef(owner, "function", FUNCTION_DESCRIPTOR));
        c.writeByte(0x13); // ldc_w "m"
        c.writeShort(string(m.getName()));
        c.writeByte(0xb9); // invokeinterface Function.apply
        c.writeShort(methodRef(11, FUNCTION, "apply", "(Ljava/lang/Object;)Ljava/lang/Object;"));
        c.writeByte(2);
        c.writeByte(0);
        int join = code.size(); // JOIN: the target on the stack
        c.writeByte(0xc0); // checkcast DECLARING
        c.writeShort(classRef(internalName(m.getDeclaringClass())));
        int slot = 1;
        for (Class<?> p : m.getParameterTypes()) {
            c.writeByte(load(p));
            c.writeByte(slot);
            slot += slots(p);
        }
        c.writeByte(0xb9); // invokeinterface DECLARING.m
        c.writeShort(methodRef(11, internalName(m.getDeclaringClass()), m.getName(), descriptor));
        c.writeByte(slot);
        c.writeByte(0);
        c.writeByte(returnOpcode(m.getReturnType()));
        int maxStack = Math.max(Math.max(2, slot), slots(m.getReturnType()));
        return method(m.getName(), descriptor, maxStack, slot, code.toByteArray(), joinFrame(join));
    }

    /**
     * @param offset where the two ways meet, below 64
     * @return a StackMapTable of one frame there: the method's locals as they came in, an object on the stack
     */
    private byte[] joinFrame(int offset) throws IOException {
        if (offset >= 64) {
            throw new IllegalArgumentException("a same_locals_1_stack_item_frame reaches offset 63, not " + offset);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(utf8("StackMapTable"));
        out.writeInt(2 + 1 + 1 + 2);
        out.writeShort(1);
        out.writeByte(64 + offset); // same_locals_1_stack_item_frame, offset_delta = offset (the first frame)
        out.writeByte(7); // ITEM_Object
        out.writeShort(classRef("java/lang/Object"));
        return bytes.toByteArray();
    }

    /** @param attributes the Code attribute's attributes, each whole; none if empty */
    private byte[] method(String name, String descriptor, int maxStack, int maxLocals, byte[] code,
            byte[] attributes) throws IOException {
        int nameIndex = utf8(name);
        int descriptorIndex = utf8(descriptor);
        int codeName = utf8("Code");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(ACC_PUBLIC);
        out.writeShort(nameIndex);
        out.writeShort(descriptorIndex);
        out.writeShort(1);
        out.writeShort(codeName);
        out.writeInt(2 + 2 + 4 + code.length + 2 + 2 + attributes.length);
        out.writeShort(maxStack);
        out.writeShort(maxLocals);
        out.writeInt(code.length);
        out.write(code);
        out.writeShort(0); // no exception table
        out.writeShort(attributes.length == 0 ? 0 : 1);
        out.write(attributes);
        return bytes.toByteArray();
    }

    static String internalName(Class<?> type) {
        return type.getName().replace('.', '/');
    }

    private static int slots(Class<?> type) {
        return type == void.class ? 0 : type == long.class || type == double.class ? 2 : 1;
    }

    private static int load(Class<?> type) {
        if (!type.isPrimitive()) {
            return 0x19; // aload
        }
        if (type == long.class) {
            return 0x16; // lload
        }
        if (type == float.class) {
            return 0x17; // fload
        }
        if (type == double.class) {
            return 0x18; // dload
        }
        return 0x15; // iload: int, boolean, byte, char, short
    }

    private static int returnOpcode(Class<?> type) {
        if (type == void.class) {
            return 0xb1; // return
        }
        if (!type.isPrimitive()) {
            return 0xb0; // areturn
        }
        if (type == long.class) {
            return 0xad; // lreturn
        }
        if (type == float.class) {
            return 0xae; // freturn
        }
        if (type == double.class) {
            return 0xaf; // dreturn
        }
        return 0xac; // ireturn
    }

    // the constant pool, each entry once

    private int utf8(String text) throws IOException {
        Integer known = constants.get("U" + text);
        if (known != null) {
            return known;
        }
        pool.writeByte(1);
        pool.writeUTF(text);
        return add("U" + text, 1);
    }

    private int classRef(String internalName) throws IOException {
        return ref("C" + internalName, 7, utf8(internalName), -1);
    }

    private int string(String text) throws IOException {
        return ref("S" + text, 8, utf8(text), -1);
    }

    private int nameAndType(String name, String descriptor) throws IOException {
        return ref("N" + name + " " + descriptor, 12, utf8(name), utf8(descriptor));
    }

    private int fieldRef(String owner, String name, String descriptor) throws IOException {
        return ref("F" + owner + "." + name + descriptor, 9, classRef(owner), nameAndType(name, descriptor));
    }

    /** @param tag 10 for a class's method, 11 for an interface's */
    private int methodRef(int tag, String owner, String name, String descriptor) throws IOException {
        return ref("M" + tag + owner + "." + name + descriptor, tag, classRef(owner), nameAndType(name, descriptor));
    }

    private int ref(String key, int tag, int first, int second) throws IOException {
        Integer known = constants.get(key);
        if (known != null) {
            return known;
        }
        pool.writeByte(tag);
        pool.writeShort(first);
        if (second >= 0) {
            pool.writeShort(second);
        }
        return add(key, 1);
    }

    private int add(String key, int size) {
        int index = poolCount;
        poolCount += size;
        constants.put(key, index);
        return index;
    }
}
