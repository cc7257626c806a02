package org.dlkm.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.dlkm.bench.provider.HashStep;
import org.dlkm.bench.provider.ProviderActivator;
import org.dlkm.bench.provider.ProviderModule;
import org.dlkm.bench.wrapper.GeneratedModule;
import org.dlkm.kernel.spi.ModuleConstants;

/**
 * Writes generated module jars with plain {@code java.util.jar}: a bundle manifest naming the wrapper
 * ({@link GeneratedModule}, copied into a private package of each jar), exporting the module's symbol package and
 * importing the kernel SPI and the symbol packages of the modules it uses; the master file at
 * {@code META-INF/dlkm/master}; and one class in the exported package, an empty public interface {@code Symbol},
 * whose bytes are written here so that no compiler is needed at run time.
 *
 * <p>Also writes provider jars (P2, P3, {@link ProviderSpec}): a module declaring one service, whose wrapper
 * ({@link ProviderModule}) registers it in {@code load}, and its raw peer: the same jar, entry for entry, whose
 * manifest names {@link ProviderActivator} in {@code Bundle-Activator} instead of the wrapper in
 * {@code DLKM-Module-Class}, so that raw Felix starting the bundle does the module's work. The provider classes are
 * copied from the benchmark's class path, as the wrapper is.
 *
 * <p>Stateless apart from the class files' bytes, read once; safe to use from several threads.
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
    /** The classes of every provider jar: the whole of their package. */
    private static final List<Class<?>> PROVIDER_CLASSES = List.of(HashStep.class, ProviderModule.class,
            ProviderActivator.class);
    private static final String PROVIDER_IMPORTS = "org.dlkm.kernel.spi" + API_RANGE
            + ",org.osgi.framework;version=\"[1.8,2)\"";

    private final byte[] wrapper;
    private final Map<String, byte[]> providerClasses = new LinkedHashMap<>();

    /** Reads the class files of the wrapper and of the provider package from the benchmark's class path. */
    public ModuleJarWriter() throws IOException {
        this.wrapper = classFile(GeneratedModule.class);
        for (Class<?> c : PROVIDER_CLASSES) {
            providerClasses.put(entryName(c), classFile(c));
        }
    }

    private static String entryName(Class<?> c) {
        return c.getName().replace('.', '/') + ".class";
    }

    private static byte[] classFile(Class<?> c) throws IOException {
        String resource = entryName(c);
        try (InputStream in = c.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the class file " + resource + " is not on the class path");
            }
            return in.readAllBytes();
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
        return write(module, dir.resolve(module.name() + ".jar"), module.masterText());
    }

    /**
     * Writes a version of a module's jar: its master file starts with a comment naming the version, so that two
     * versions differ in content (and SHA-256) and in nothing the kernel acts on (P9's replacements).
     *
     * @param jar the file to write
     * @param version the version's name, one line
     * @return the jar
     */
    public Path writeVersion(ModuleSpec module, Path jar, String version) throws IOException {
        return write(module, jar, "* version " + version + "\n" + module.masterText());
    }

    private Path write(ModuleSpec module, Path jar, String masterText) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file,
                manifest(module))) {
            entry(out, ModuleConstants.MASTER_ENTRY, masterText.getBytes(StandardCharsets.UTF_8));
            entry(out, module.symbolPackage().replace('.', '/') + "/" + SYMBOL_CLASS + ".class",
                    symbolClass(module.symbolPackage()));
            entry(out, entryName(GeneratedModule.class), wrapper);
        }
        return jar;
    }

    /**
     * Writes a provider module's jar, {@code <name>.jar}: the kernel loads it, and its wrapper registers the service.
     *
     * @param dir the directory to write it in
     * @return the jar
     */
    public Path writeProviderModule(ProviderSpec provider, Path dir) throws IOException {
        return writeProvider(provider, dir.resolve(provider.name() + ".jar"), ModuleConstants.MODULE_CLASS_HEADER,
                ProviderModule.class);
    }

    /**
     * Writes the raw peer of a provider module, {@code <name>-bundle.jar}: the module's jar with
     * {@code Bundle-Activator} instead of {@code DLKM-Module-Class}, so that starting it registers the service.
     *
     * @param dir the directory to write it in
     * @return the jar
     */
    public Path writeProviderBundle(ProviderSpec provider, Path dir) throws IOException {
        return writeProvider(provider, dir.resolve(provider.name() + "-bundle.jar"), "Bundle-Activator",
                ProviderActivator.class);
    }

    private Path writeProvider(ProviderSpec provider, Path jar, String startHeader, Class<?> starter)
            throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file,
                providerManifest(provider, startHeader, starter))) {
            entry(out, ModuleConstants.MASTER_ENTRY, provider.masterText().getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> c : providerClasses.entrySet()) {
                entry(out, c.getKey(), c.getValue());
            }
        }
        return jar;
    }

    /** @return a provider jar's manifest, which names {@code starter} in {@code startHeader} */
    static Manifest providerManifest(ProviderSpec provider, String startHeader, Class<?> starter) {
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "org.dlkm.bench." + provider.name());
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Description", "generated benchmark provider " + provider.name());
        a.putValue("Import-Package", PROVIDER_IMPORTS);
        a.putValue("Provide-Capability", provider.provideCapability());
        a.putValue(startHeader, starter.getName());
        return manifest;
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
