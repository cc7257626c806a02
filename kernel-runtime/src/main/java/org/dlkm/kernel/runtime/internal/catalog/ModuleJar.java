package org.dlkm.kernel.runtime.internal.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.master.MasterFile;
import org.dlkm.kernel.runtime.internal.master.MasterFileParser;
import org.dlkm.kernel.spi.ModuleConstants;

/**
 * A module binary read from disk without installing it: its master file, wrapper class, exported packages and
 * parameter declarations. Immutable.
 */
public final class ModuleJar {
    public static final String MODULE_CLASS_HEADER = ModuleConstants.MODULE_CLASS_HEADER;
    public static final String MASTER_ENTRY = ModuleConstants.MASTER_ENTRY;
    /** The capability namespace of a transmit filter class a module registers, its attribute of the same name. */
    public static final String FILTER_NAMESPACE = "dlkm.filter";
    private static final String SERVICE_NAMESPACE = "osgi.service";

    private final Path path;
    private final MasterFile master;
    private final String moduleClass;
    private final String masterText;
    private final List<String> exportedPackages;
    private final List<String> importedPackages;
    private final List<String> providedServices;
    private final List<String> filterClasses;
    private final ParameterDeclarations parameters;
    private final String description;
    private final String version;
    private final long size;

    private ModuleJar(Path path, MasterFile master, String masterText, String moduleClass,
            List<String> exportedPackages, List<String> importedPackages, List<String> providedServices,
            List<String> filterClasses, ParameterDeclarations parameters, String description, String version,
            long size) {
        this.providedServices = List.copyOf(providedServices);
        this.filterClasses = List.copyOf(filterClasses);
        this.path = path;
        this.master = master;
        this.masterText = masterText;
        this.moduleClass = moduleClass;
        this.exportedPackages = List.copyOf(exportedPackages);
        this.importedPackages = List.copyOf(importedPackages);
        this.parameters = parameters;
        this.description = description;
        this.version = version;
        this.size = size;
    }

    /**
     * @throws KernelException {@code ENAMETOOLONG} if a name in the path is longer than a file system allows,
     *         {@code ENOENT} if the file does not exist, {@code ENOEXEC} if it is not a module jar (not a jar, no
     *         {@code DLKM-Module-Class}, no or a malformed master file, bad parameter declarations)
     */
    public static ModuleJar read(Path path) throws KernelException {
        FileNames.requireShortNames(path, path.toString());
        if (!Files.isRegularFile(path)) {
            throw new KernelException(Errno.ENOENT, path + ": no such module binary");
        }
        try (JarFile jar = new JarFile(path.toFile())) {
            Attributes main = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes();
            String moduleClass = main == null ? null : main.getValue(MODULE_CLASS_HEADER);
            if (moduleClass == null || moduleClass.isBlank()) {
                throw new KernelException(Errno.ENOEXEC, path + ": not a dlkm module: its manifest has no "
                        + MODULE_CLASS_HEADER + " header naming the module wrapper");
            }
            ZipEntry entry = jar.getEntry(MASTER_ENTRY);
            if (entry == null) {
                throw new KernelException(Errno.ENOEXEC, path + ": not a dlkm module: it carries no master file at "
                        + MASTER_ENTRY);
            }
            String source = path.getFileName() + "!/" + MASTER_ENTRY;
            String text;
            try (InputStream in = jar.getInputStream(entry)) {
                text = MasterFileParser.text(source, in.readAllBytes());
            }
            MasterFile master = MasterFileParser.parse(source, text);
            List<String> exports = packageNames(path, main, "Export-Package");
            List<String> imports = packageNames(path, main, "Import-Package");
            ParameterDeclarations parameters =
                    ParameterDeclarations.parse(master.name(), main.getValue(ModuleConstants.PARAMETERS_HEADER));
            String description = firstNonNull(main.getValue("Bundle-Description"), main.getValue("Bundle-Name"),
                    master.name());
            String version = firstNonNull(main.getValue("Bundle-Version"), "0.0.0");
            List<HeaderClauses.Clause> capabilities = capabilities(path, main);
            return new ModuleJar(path, master, text, moduleClass.trim(), exports, imports,
                    capabilityValues(capabilities, SERVICE_NAMESPACE, "objectClass"),
                    capabilityValues(capabilities, FILTER_NAMESPACE, FILTER_NAMESPACE), parameters, description,
                    version, Files.size(path));
        } catch (IOException e) {
            throw new KernelException(Errno.ENOEXEC, path + ": not a dlkm module: cannot read it as a jar: "
                    + e.getMessage(), e);
        }
    }

    private static List<String> packageNames(Path path, Attributes main, String header) throws KernelException {
        List<String> names = new ArrayList<>();
        try {
            for (HeaderClauses.Clause c : HeaderClauses.parse(main.getValue(header))) {
                names.add(c.name());
            }
        } catch (IllegalArgumentException e) {
            throw new KernelException(Errno.ENOEXEC, path + ": malformed " + header + ": " + e.getMessage());
        }
        return names;
    }

    /**
     * The values a module declares for one attribute of the capabilities of one namespace, in order, each once:
     * the services it provides are the object classes of its {@code osgi.service} capabilities
     * ({@code Provide-Capability: osgi.service;objectClass:List<String>="org.acme.Greeter"}, which bnd writes for
     * declarative services components and {@code @ServiceCapability}); the transmit filter classes it registers are
     * its {@code dlkm.filter} capabilities ({@code Provide-Capability: dlkm.filter;dlkm.filter=nfshaper}).
     */
    private static List<String> capabilityValues(List<HeaderClauses.Clause> capabilities, String namespace,
            String attribute) {
        List<String> values = new ArrayList<>();
        for (HeaderClauses.Clause c : capabilities) {
            if (!c.name().equals(namespace)) {
                continue;
            }
            for (Map.Entry<String, String> a : c.attributes().entrySet()) {
                String key = a.getKey().strip();
                if (key.equals(attribute) || key.startsWith(attribute + ":")) {
                    for (String name : a.getValue().split(",")) {
                        if (!name.isBlank() && !values.contains(name.strip())) {
                            values.add(name.strip());
                        }
                    }
                }
            }
        }
        return values;
    }

    /** @return the clauses of the jar's {@code Provide-Capability} header, read once for every namespace */
    private static List<HeaderClauses.Clause> capabilities(Path path, Attributes main) throws KernelException {
        try {
            return HeaderClauses.parse(main.getValue("Provide-Capability"));
        } catch (IllegalArgumentException e) {
            throw new KernelException(Errno.ENOEXEC, path + ": malformed Provide-Capability: " + e.getMessage());
        }
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return "";
    }

    public Path path() {
        return path;
    }

    public MasterFile master() {
        return master;
    }

    public String name() {
        return master.name();
    }

    /** @return the master file as the jar carries it */
    public String masterText() {
        return masterText;
    }

    /** @return the services the module declares it provides ({@code osgi.service} capabilities), by object class */
    public List<String> providedServices() {
        return providedServices;
    }

    /** @return the transmit filter classes the module declares it registers ({@code dlkm.filter} capabilities) */
    public List<String> filterClasses() {
        return filterClasses;
    }

    /** @return the packages (symbols) the module imports */
    public List<String> importedPackages() {
        return importedPackages;
    }

    public String moduleClass() {
        return moduleClass;
    }

    public List<String> exportedPackages() {
        return exportedPackages;
    }

    public ParameterDeclarations parameters() {
        return parameters;
    }

    public String description() {
        return description;
    }

    public String version() {
        return version;
    }

    public long size() {
        return size;
    }
}
