package org.dlkm.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.dlkm.bench.wrapper.GeneratedModule;
import org.dlkm.kernel.spi.ModuleConstants;

/**
 * Writes generated module jars with plain {@code java.util.jar}: a bundle manifest naming the wrapper
 * ({@link GeneratedModule}, copied into a private package of each jar), exporting the module's symbol package and
 * importing the kernel SPI and the symbol packages of the modules it uses; the master file at
 * {@code META-INF/dlkm/master}; and one class in the exported package, an empty public interface {@code Symbol},
 * whose bytes are written here so that no compiler is needed at run time.
 *
 * <p>Stateless apart from the wrapper's bytes, read once; safe to use from several threads.
 */
public final class ModuleJarWriter {
    /** The class every symbol package holds. */
    public static final String SYMBOL_CLASS = "Symbol";

    private static final String API_RANGE = ";version=\"[1.0,2)\"";
    private static final int CLASS_FILE_MAGIC = 0xCAFEBABE;
    private static final int JAVA_17 = 61;
    private static final int CONSTANT_UTF8 = 1;
    private static final int CONSTANT_CLASS = 7;
    private static final int ACC_PUBLIC_INTERFACE_ABSTRACT = 0x0001 | 0x0200 | 0x0400;

    private final byte[] wrapper;

    /** Reads the wrapper's class file from the benchmark's class path. */
    public ModuleJarWriter() throws IOException {
        String resource = GeneratedModule.class.getName().replace('.', '/') + ".class";
        try (InputStream in = GeneratedModule.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the wrapper class file " + resource + " is not on the class path");
            }
            this.wrapper = in.readAllBytes();
        }
    }

    /**
     * Writes a module's jar.
     *
     * @param module the module
     * @param dir the directory to write {@code <name>.jar} in
     * @return the jar
     */
    public Path write(ModuleSpec module, Path dir) throws IOException {
        Path jar = dir.resolve(module.name() + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file,
                manifest(module))) {
            entry(out, ModuleConstants.MASTER_ENTRY, module.masterText().getBytes(StandardCharsets.UTF_8));
            entry(out, module.symbolPackage().replace('.', '/') + "/" + SYMBOL_CLASS + ".class",
                    symbolClass(module.symbolPackage()));
            entry(out, GeneratedModule.class.getName().replace('.', '/') + ".class", wrapper);
        }
        return jar;
    }

    /** @return the module's bundle manifest */
    static Manifest manifest(ModuleSpec module) {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "org.dlkm.bench." + module.name());
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Description", "generated benchmark module " + module.name());
        a.putValue("Export-Package", module.symbolPackage() + ";version=\"1.0.0\"");
        StringBuilder imports = new StringBuilder("org.dlkm.kernel.spi").append(API_RANGE);
        for (String used : module.imports()) {
            imports.append(',').append(ModuleSpec.symbolPackage(used)).append(API_RANGE);
        }
        a.putValue("Import-Package", imports.toString());
        a.putValue(ModuleConstants.MODULE_CLASS_HEADER, GeneratedModule.class.getName());
        return manifest;
    }

    private static void entry(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    /**
     * The class file of {@code public interface <package>.Symbol {}}: a constant pool of two classes and their
     * names, no members.
     *
     * @param packageName the package, dotted
     * @return the class file's bytes
     */
    static byte[] symbolClass(String packageName) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(CLASS_FILE_MAGIC);
            out.writeShort(0);
            out.writeShort(JAVA_17);
            out.writeShort(5); // constant pool count: entries 1 to 4
            out.writeByte(CONSTANT_CLASS);
            out.writeShort(2);
            out.writeByte(CONSTANT_UTF8);
            out.writeUTF(packageName.replace('.', '/') + "/" + SYMBOL_CLASS);
            out.writeByte(CONSTANT_CLASS);
            out.writeShort(4);
            out.writeByte(CONSTANT_UTF8);
            out.writeUTF("java/lang/Object");
            out.writeShort(ACC_PUBLIC_INTERFACE_ABSTRACT);
            out.writeShort(1); // this class
            out.writeShort(3); // super class
            out.writeShort(0); // interfaces
            out.writeShort(0); // fields
            out.writeShort(0); // methods
            out.writeShort(0); // attributes
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }
}
