package org.dlkm.kernel.home;

import java.nio.file.Path;
import java.util.List;

/**
 * Where things live in a kernel home: the one directory under which a kernel persists everything, laid out as the
 * seeds lay out a host. The launcher prepares a home with it and the runtime reads and writes through it, so the
 * layout is written once. Also the framework properties by which the launcher tells the runtime where its home is.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class KernelHomeLayout {
    /** Framework property: the kernel home (default {@code ./var}). */
    public static final String HOME_PROPERTY = "dlkm.home";
    /** Framework property: the module directory (default {@code <home>/vmkmod}). */
    public static final String MODULES_PROPERTY = "dlkm.modules";
    /** Framework property: a hardware description file (default: the ESX manual's example machine). */
    public static final String HARDWARE_PROPERTY = "dlkm.hardware";
    /**
     * Framework or system property: seconds module code may take in one {@code load} or {@code unload} before
     * the kernel's watchdog fails it (default 30).
     */
    public static final String MODULE_TIMEOUT_PROPERTY = "dlkm.module.timeout";

    /**
     * The directories the launcher creates in every kernel home, relative to its root. The catalog's own
     * directories ({@link #images()}, {@link #systemFiles()}) are not among them: the runtime creates them at the
     * first boot, when it registers the shipped modules.
     */
    public static final List<String> DIRECTORIES = List.of("stand", "stand/dlkm", "stand/build", "usr/conf/master.d",
            "etc", "vmkmod", "vmfs", "felix-cache", "var/adm");

    private final Path root;

    private KernelHomeLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** @param root the home, resolved against the working directory if relative */
    public static KernelHomeLayout of(Path root) {
        return new KernelHomeLayout(root);
    }

    /** @return the home itself, absolute and normalized */
    public Path root() {
        return root;
    }

    /** @return the module directory the shipped jars are copied to ({@code /usr/lib/vmware/vmkmod} on ESX) */
    public Path moduleDirectory() {
        return root.resolve("vmkmod");
    }

    /** @return the registered module images, {@code <name>.jar} each ({@code stand/dlkm/mod.d}) */
    public Path images() {
        return root.resolve("stand/dlkm/mod.d");
    }

    /** @return the registered master files, one per module ({@code usr/conf/master.d}) */
    public Path masterFiles() {
        return root.resolve("usr/conf/master.d");
    }

    /** @return the system files, one per module ({@code stand/system.d}) */
    public Path systemFiles() {
        return root.resolve("stand/system.d");
    }

    /**
     * @return the catalog's intent journal ({@code stand/dlkm/catalog.journal}): present only while a change to
     *         several files of the catalog is being applied, or after a crash in the middle of one, until the next
     *         boot completes it
     */
    public Path catalogJournal() {
        return root.resolve("stand/dlkm/catalog.journal");
    }

    /**
     * @return the record of a first boot in progress ({@code stand/dlkm/first-boot.pending}): the shipped module
     *         jars the first boot registers, present until all of them are registered, so that a boot after a crash
     *         completes the registration
     */
    public Path firstBootRecord() {
        return root.resolve("stand/dlkm/first-boot.pending");
    }

    /** @return the modules demand-loaded at boot, one per line ({@code etc/loadmods}) */
    public Path loadmods() {
        return root.resolve("etc/loadmods");
    }

    /**
     * @return the trust store of module signatures ({@code etc/keys}): the X.509 certificates ({@code *.pem},
     *     {@code *.crt}, {@code *.cer}, PEM or DER) whose keys may sign the module jars a kernel that enforces
     *     signatures ({@code module_sig_enforce=1}) accepts
     * @since 1.2
     */
    public Path trustStore() {
        return root.resolve("etc/keys");
    }

    /** @return the framework's storage, cleaned at each start */
    public Path frameworkStorage() {
        return root.resolve("felix-cache");
    }

    /**
     * @return the directory of the running kernel's lock and socket ({@code run}), which only the home's owner may
     *     enter (mode 0700)
     */
    public Path runDirectory() {
        return root.resolve("run");
    }

    /** @return the lock file the running kernel holds, with its process ID ({@code run/dlkm.lock}) */
    public Path lockFile() {
        return runDirectory().resolve("dlkm.lock");
    }

    /** @return the Unix-domain socket other shells attach to the running kernel through ({@code run/dlkm.sock}) */
    public Path socket() {
        return runDirectory().resolve("dlkm.sock");
    }

    /**
     * @return the console log of a kernel running in the background ({@code var/adm/dlkm.log}), rotated as
     *     {@code dlkm.log.1}, {@code dlkm.log.2}...
     */
    public Path consoleLog() {
        return root.resolve("var/adm/dlkm.log");
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
