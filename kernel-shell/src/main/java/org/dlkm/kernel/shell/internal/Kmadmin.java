package org.dlkm.kernel.shell.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.LoadPlanInfo;
import org.dlkm.kernel.ModuleInfo;
import org.dlkm.kernel.UnloadResult;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.catalog.RegisteredImage;
import org.dlkm.kernel.catalog.UnusableModule;

/**
 * {@code kmadmin}, the HP-UX DLKM administration command: demand load ({@code -L}, with {@code -n} for a dry run),
 * unload by name or ID ({@code -U}, {@code -u}), status ({@code -S}, {@code -s}, {@code -k}) and query
 * ({@code -Q}, {@code -q}). Stateless; safe from any thread.
 *
 * <p>A module whose files are registered but broken shows in {@code -S}, {@code -s} and {@code -k} as
 * {@code UNUSABLE}, with the broken file and why; {@code -Q} and {@code -L} of it refuse with the same.
 *
 * <p>{@code -Q} prints every field the HP-UX manual lists. Fields without a JVM meaning print their JVM analogue:
 * the base address is the OSGi bundle that holds the module's code, the BSS (uninitialised data) size is 0 because
 * a JVM module's static data lives inside its classes, counted in Size, and the unload delay is 0 seconds, as on
 * HP-UX. It adds one field HP-UX does not have: the module's threads (those running its code), {@code none} if there
 * are none; for a driver, the PCI devices it drives ({@code PCI IDs}, from its master file's {@code $PCI_ID}); for a
 * loaded module, who holds it ({@code Held By}) and how it came to be loaded ({@code Loaded By}); for a registered
 * module, where its image came from, its checksum and any pending update or removal ({@link ImageLines}).
 */
final class Kmadmin {
    static final String NAME = "kmadmin";
    static final String USAGE = String.join("\n",
            "Usage: kmadmin -L [-n] module_name   demand-load a module and what it depends on (-n: only show the plan)",
            "       kmadmin -U module_name        unload a module by name",
            "       kmadmin -u module_id          unload a module by ID",
            "       kmadmin -S | -s               full status of every registered module | brief status of the loaded ones",
            "       kmadmin -k                    list the statically configured modules",
            "       kmadmin -Q module_name        query a module by name",
            "       kmadmin -q module_id          query a module by ID");

    /** The status of a module whose files are registered but broken (see {@link UnusableModule}). */
    private static final String UNUSABLE = "UNUSABLE";

    private final KernelService kernel;
    private final ModuleCatalog catalog;
    private final ImageLines images;

    Kmadmin(KernelService kernel, ModuleCatalog catalog) {
        this(kernel, catalog, name -> Optional.empty());
    }

    /** @param pendingUpdate when a module's pending configured image moves into place, if one is pending */
    Kmadmin(KernelService kernel, ModuleCatalog catalog, Function<String, Optional<String>> pendingUpdate) {
        this.kernel = kernel;
        this.catalog = catalog;
        this.images = new ImageLines(catalog, pendingUpdate);
    }

    /** The actions; exactly one per command line. {@code -n} goes with {@code -L}. */
    static final String ACTIONS = "LUuSskQqh";
    /** Every option: the actions and {@code -n}. */
    static final String OPTIONS = ACTIONS + "n";

    String run(String... args) {
        Getopt.Parsed line;
        try {
            line = Getopt.parse(OPTIONS, Map.of("help", 'h'), Map.of(), args);
        } catch (Getopt.BadOption e) {
            throw usage(e.getMessage());
        }
        List<Getopt.Option> actions = line.options().stream()
                .filter(o -> ACTIONS.indexOf(o.letter()) >= 0).toList();
        if (actions.isEmpty()) {
            throw usage(line.has('n') ? "-n goes with -L" : "an option is required");
        }
        char action = actions.get(0).letter();
        if (actions.stream().anyMatch(o -> o.letter() != action)) {
            throw usage("one of " + line.letters() + " at a time");
        }
        if (line.has('n') && action != 'L') {
            throw usage("-n goes with -L");
        }
        List<String> operands = line.operands();
        String option = "-" + action;
        try {
            switch (action) {
            case 'L':
                String name = operand(operands, option, "module_name");
                return line.has('n') ? plan(name) : load(name);
            case 'U':
                return unload(operand(operands, option, "module_name"));
            case 'u':
                return unload(id(operand(operands, option, "module_id")));
            case 'S':
                none(operands, option);
                return fullStatus();
            case 's':
                none(operands, option);
                return briefStatus();
            case 'k':
                none(operands, option);
                return staticModules();
            case 'Q':
                return query(operand(operands, option, "module_name"));
            case 'q':
                return query(id(operand(operands, option, "module_id")));
            default:
                return USAGE;
            }
        } catch (KernelException e) {
            throw new CommandFailure(NAME, e);
        }
    }

    private static String operand(List<String> operands, String option, String what) {
        if (operands.size() != 1) {
            throw usage(option + (operands.isEmpty() ? " needs a " + what : " takes one " + what));
        }
        return operands.get(0);
    }

    private static void none(List<String> operands, String option) {
        if (!operands.isEmpty()) {
            throw usage(option + " takes no operand");
        }
    }

    /** @return the module ID written in ASCII digits: {@link Integer#parseInt} would also take a sign or {@code ٣} */
    private static int id(String text) {
        boolean digits = !text.isEmpty() && text.length() <= 9 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        int id = digits ? Integer.parseInt(text) : 0;
        if (id > 0) {
            return id;
        }
        throw new CommandFailure(NAME, Errno.EINVAL, "'" + text + "' is not a module ID (a positive number in"
                + " digits 0-9, as kmadmin -s shows)");
    }

    private static CommandFailure usage(String problem) {
        return new CommandFailure(NAME, Errno.EINVAL, problem + "\n" + USAGE);
    }

    private String load(String name) throws KernelException {
        List<ModuleInfo> loaded = kernel.demandLoad(name);
        StringBuilder sb = new StringBuilder();
        for (ModuleInfo m : loaded) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append("Module ").append(m.name()).append(" loaded, ID = ").append(m.id());
            if (!m.name().equals(name)) {
                sb.append(" (needed by ").append(name).append(')');
            }
        }
        return sb.toString();
    }

    private String plan(String name) throws KernelException {
        LoadPlanInfo plan = kernel.plan(name);
        StringBuilder sb = new StringBuilder("kmadmin -L ").append(name).append(" would load, in order:");
        int i = 1;
        for (LoadPlanInfo.Step s : plan.steps()) {
            sb.append('\n').append(String.format("  %d. %-12s %s", i++, s.module(), s.reason()));
        }
        sb.append("\nAlready loaded: ").append(plan.alreadyLoaded().isEmpty() ? "none"
                : String.join(", ", plan.alreadyLoaded()));
        return sb.toString();
    }

    private String unload(String name) throws KernelException {
        ModuleInfo m = kernel.query(name).orElse(null);
        UnloadResult result = kernel.unload(name);
        return "Module " + (m == null ? name : m.name()) + " unloaded" + VmkloadMod.interruptedThreads(result);
    }

    private String unload(int id) throws KernelException {
        ModuleInfo m = kernel.query(id).orElse(null);
        UnloadResult result = kernel.unload(id);
        return "Module " + (m == null ? "ID " + id : m.name() + " (ID " + id + ")") + " unloaded"
                + VmkloadMod.interruptedThreads(result);
    }

    private String briefStatus() {
        StringBuilder sb = header();
        for (ModuleInfo m : kernel.list()) {
            sb.append('\n').append(String.format("%-15s %-7d %-15s %s", m.name(), m.id(), "LOADED", m.typeLabel()));
        }
        for (UnusableModule u : catalog.unusable()) {
            sb.append('\n').append(String.format("%-15s %-7s %-15s %s", u.name(), "-", UNUSABLE,
                    u.problem() + " (" + u.errno() + ")"));
        }
        return sb.toString();
    }

    private static StringBuilder header() {
        return new StringBuilder(String.format("%-15s %-7s %-15s %s", "Name", "ID", "Status", "Type"))
                .append('\n').append("=".repeat(53));
    }

    private String fullStatus() {
        List<String> blocks = new ArrayList<>();
        Set<String> shown = new HashSet<>();
        for (CatalogEntry e : catalog.entries()) {
            Optional<ModuleInfo> m = kernel.query(e.name());
            blocks.add(m.map(this::details).orElseGet(() -> details(e)));
            shown.add(e.name());
        }
        for (ModuleInfo m : kernel.list()) {
            if (!shown.contains(m.name())) {
                blocks.add(details(m));
            }
        }
        for (UnusableModule u : catalog.unusable()) {
            blocks.add(details(u));
        }
        return blocks.isEmpty() ? "No modules are registered" : String.join("\n\n", blocks);
    }

    private String staticModules() {
        List<String> names = new ArrayList<>();
        for (ModuleInfo m : kernel.list()) {
            if (m.staticallyConfigured()) {
                names.add(m.name());
            }
        }
        List<String> lines = new ArrayList<>(names.isEmpty() ? List.of("No statically configured modules are loaded")
                : names);
        catalog.unusable().forEach(u -> lines.add(u.summary()));
        return String.join("\n", lines);
    }

    private String query(String name) throws KernelException {
        Optional<ModuleInfo> m = kernel.query(name);
        if (m.isPresent()) {
            return details(m.get());
        }
        Optional<CatalogEntry> registered = catalog.entry(name);
        if (registered.isPresent()) {
            return details(registered.get());
        }
        Optional<UnusableModule> broken = catalog.unusable(name);
        if (broken.isPresent()) {
            throw broken.get().refusal();
        }
        throw new KernelException(Errno.ENOENT, name + ": no such module is loaded or registered");
    }

    private String query(int id) throws KernelException {
        return details(kernel.query(id).orElseThrow(() -> new KernelException(Errno.ENOENT, "no module with ID " + id
                + " is loaded")));
    }

    private String details(ModuleInfo m) {
        StringBuilder sb = new StringBuilder();
        field(sb, "Module Name", m.name());
        field(sb, "Module ID", Integer.toString(m.id()));
        field(sb, "Module Path", m.path());
        Optional<RegisteredImage> image = images.origin(sb, m.name());
        field(sb, "Status", "LOADED" + (m.staticallyConfigured() ? " (statically configured)" : ""));
        field(sb, "Size", Long.toString(m.size()));
        field(sb, "Base Address", "bundle " + m.bundleId());
        field(sb, "BSS Size", "0");
        field(sb, "BSS Base Address", "-");
        field(sb, "Hold Count", Integer.toString(m.holdCount()));
        field(sb, "Dependent Count", Integer.toString(m.dependentCount()));
        field(sb, "Unload Delay", "0 seconds");
        field(sb, "Description", m.description());
        field(sb, "Type", m.typeLabel());
        if (m.blockMajor() >= 0 || m.charMajor() >= 0) {
            field(sb, "Block Major", Integer.toString(m.blockMajor()));
            field(sb, "Character Major", Integer.toString(m.charMajor()));
        }
        catalog.entry(m.name()).ifPresent(e -> pciIds(sb, e));
        field(sb, "Threads", m.threads().isEmpty() ? "none" : String.join(", ", m.threads()));
        if (m.holdCount() > 0) {
            List<String> holds = new ArrayList<>(m.holders());
            m.serviceUsers().forEach(u -> holds.add("service " + u));
            field(sb, "Held By", String.join(", ", holds));
        }
        field(sb, "Loaded By", m.loadedBy());
        images.pending(sb, m.name(), image);
        return sb.toString().stripTrailing();
    }

    private String details(CatalogEntry e) {
        StringBuilder sb = new StringBuilder();
        field(sb, "Module Name", e.name());
        field(sb, "Module ID", "-");
        field(sb, "Module Path", e.imagePath());
        Optional<RegisteredImage> image = images.origin(sb, e.name());
        field(sb, "Status", "UNLOADED");
        field(sb, "Size", "-");
        field(sb, "Base Address", "-");
        field(sb, "BSS Size", "-");
        field(sb, "BSS Base Address", "-");
        field(sb, "Hold Count", "0");
        field(sb, "Dependent Count", "0");
        field(sb, "Unload Delay", "0 seconds");
        field(sb, "Description", e.description());
        field(sb, "Type", e.typeLabel());
        pciIds(sb, e);
        field(sb, "Threads", "-");
        images.pending(sb, e.name(), image);
        return sb.toString().stripTrailing();
    }

    private static String details(UnusableModule u) {
        StringBuilder sb = new StringBuilder();
        field(sb, "Module Name", u.name());
        field(sb, "Module ID", "-");
        field(sb, "Status", UNUSABLE);
        field(sb, "Problem", u.problem() + " (" + u.errno() + ")");
        return sb.toString().stripTrailing();
    }

    /** The PCI devices the module drives, from its master file's {@code $PCI_ID}; nothing for one that drives none. */
    private static void pciIds(StringBuilder sb, CatalogEntry e) {
        if (!e.pciIds().isEmpty()) {
            field(sb, "PCI IDs", e.pciIds().stream().map(Object::toString).collect(Collectors.joining(" ")));
        }
    }

    /** One {@code Key   value} line, the key padded to 23 columns ({@code %-23s %s}, without a formatter per line). */
    static void field(StringBuilder sb, String key, String value) {
        sb.append(key);
        for (int pad = key.length(); pad < 23; pad++) {
            sb.append(' ');
        }
        sb.append(' ').append(value).append('\n');
    }
}
