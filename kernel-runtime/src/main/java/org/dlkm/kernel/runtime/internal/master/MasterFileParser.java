package org.dlkm.kernel.runtime.internal.master;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.PciId;
import org.dlkm.kernel.runtime.internal.master.SectionedFile.Line;
import org.dlkm.kernel.runtime.internal.master.SectionedFile.Section;
import org.dlkm.kernel.runtime.internal.text.StrictText;

/**
 * Reads a module's master file, the HP-UX master(4) format for a DLKM module.
 *
 * <p>Why this class is large: each of the eight sections has its own rules and refusals, and they share the
 * section reader's line numbering; split by section, each part would be a dozen lines behind a common interface.
 *
 * <h2>Format</h2>
 * <pre>
 * * e100 -- Intel EtherExpress Pro/100
 * $VERSION
 * 1
 * $$$
 * $LOADABLE
 * $$$
 * $INTERFACE
 * base
 * $$$
 * $TYPE
 * e100 wsio_class lan -1 -1
 * $$$
 * $DRIVER_DEPENDENCY
 * e100 vmklinux
 * $$$
 * $TUNABLE
 * e100_debug 0 0 7 dynamic
 * e100_rx_ring 64 16 1024
 * $$$
 * $DRIVER_INSTALL
 * e100 -1 -1
 * $$$
 * $PCI_ID
 * * 82557/8/9 [Ethernet Pro 100]
 * 8086 1229
 * $$$
 * </pre>
 * <ul>
 * <li>A line whose first non-blank character is {@code *} is a comment; blank lines are ignored; fields are
 * separated by white space.</li>
 * <li>Content lives in sections. A section starts with its header line ({@code $VERSION}, {@code $LOADABLE},
 * {@code $INTERFACE}, {@code $TYPE}, {@code $DRIVER_DEPENDENCY}, {@code $TUNABLE}, {@code $DRIVER_INSTALL} or {@code $PCI_ID},
 * alone on its line) and ends with a {@code $$$} line. Sections may come in any order; each at most once.</li>
 * <li>{@code $VERSION} (required): one line, {@code 1}.</li>
 * <li>{@code $LOADABLE} (optional): present means the module can be loaded dynamically; it is empty, or holds the
 * single line {@code stub} for a module with stubs that load it on first call.</li>
 * <li>{@code $INTERFACE} (required): one or more lines {@code name [version]}; {@code base} for HP-UX 11.0 and
 * later.</li>
 * <li>{@code $TYPE} (required): exactly one line {@code module-name type [type-specific fields...]}, the type one of
 * {@code wsio_class}, {@code wsio_intfc}, {@code streams_drv}, {@code streams_mod}, {@code misc}.</li>
 * <li>{@code $DRIVER_DEPENDENCY} (optional): lines {@code module-name supporting-module...}; the first field is
 * this module's own name.</li>
 * <li>{@code $TUNABLE} (optional): lines {@code name default [min [max [class]]]}, numbers decimal (optionally
 * signed) or {@code 0x} hexadecimal, {@code -} for an absent bound, the class {@code static} (the default),
 * {@code dynamic} or {@code automatic}.</li>
 * <li>{@code $DRIVER_INSTALL} (optional): lines {@code driver-name block-major char-major}, {@code -1} asking the
 * kernel to assign the number.</li>
 * <li>{@code $PCI_ID} (optional): the PCI devices the module drives, its ID table read without loading it (Linux's
 * {@code MODULE_DEVICE_TABLE}): lines {@code vendor device}, four hexadecimal digits each, each pair once; vendor
 * {@code ffff} (no device) is refused.</li>
 * </ul>
 * Module, interface, tunable and driver names are letters, digits and underscores, starting with a letter.
 * Anything else is refused with a {@link MasterFileException} naming the line and the reason; nothing is
 * defaulted silently.
 *
 * <p>Stateless: the static methods are safe to call from any thread.
 */
public final class MasterFileParser {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final String VERSION = SectionedFile.VERSION;
    private static final String LOADABLE = "$LOADABLE";
    private static final String INTERFACE = "$INTERFACE";
    private static final String TYPE = "$TYPE";
    private static final String DRIVER_DEPENDENCY = "$DRIVER_DEPENDENCY";
    private static final String TUNABLE = "$TUNABLE";
    private static final String DRIVER_INSTALL = "$DRIVER_INSTALL";
    private static final String PCI_ID = "$PCI_ID";
    private static final List<String> SECTIONS =
            List.of(VERSION, LOADABLE, INTERFACE, TYPE, DRIVER_DEPENDENCY, TUNABLE, DRIVER_INSTALL, PCI_ID);
    private static final SectionedFile.Layout LAYOUT = new SectionedFile.Layout("master file", SECTIONS, TYPE);
    private static final String STUB = "stub";
    private static final String ABSENT = "-";
    private static final String NAME_RULE = "letters, digits and underscores, starting with a letter";

    private MasterFileParser() {
    }

    /**
     * Parses a master file held in a string.
     *
     * @param source what the text was read from, for messages (a path, or {@code bundle!/META-INF/dlkm/master})
     * @param text the whole file
     * @return the parsed master file
     * @throws MasterFileException {@code ENOEXEC}, {@code <source>: line N: <reason>}, for anything malformed
     */
    public static MasterFile parse(String source, String text) throws MasterFileException {
        SectionedFile.Failure<MasterFileException> failure =
                (line, reason) -> new MasterFileException(source, line, reason);
        return new Run(SectionedFile.read(text.lines().toList(), LAYOUT, failure), failure).parse();
    }

    /**
     * Decodes a master file's bytes, which must be UTF-8: a byte that is not is refused, not replaced.
     *
     * @param source what the bytes were read from, for messages
     * @param bytes the whole file
     * @return the text, for {@link #parse(String, String)}
     * @throws MasterFileException {@code ENOEXEC}, {@code <source>: line N: byte 0xE9 at byte 12 of the line is not
     *         UTF-8; ...}
     */
    public static String text(String source, byte[] bytes) throws MasterFileException {
        return StrictText.utf8(bytes, (line, reason) -> new MasterFileException(source, line, reason));
    }

    /**
     * Parses a master file read to its end from a reader, which is left open.
     *
     * @param source what the text is read from, for messages
     * @param text the file's characters
     * @return the parsed master file
     * @throws MasterFileException {@code ENOEXEC}, {@code <source>: line N: <reason>}, for anything malformed
     * @throws IOException if reading fails
     */
    public static MasterFile parse(String source, Reader text) throws MasterFileException, IOException {
        StringBuilder sb = new StringBuilder();
        char[] buffer = new char[4096];
        for (int n; (n = text.read(buffer)) != -1;) {
            sb.append(buffer, 0, n);
        }
        return parse(source, sb.toString());
    }

    /** The state of one parse. Confined to the calling thread. */
    private static final class Run {
        private final SectionedFile file;
        private final SectionedFile.Failure<MasterFileException> failure;

        Run(SectionedFile file, SectionedFile.Failure<MasterFileException> failure) {
            this.file = file;
            this.failure = failure;
        }

        MasterFile parse() throws MasterFileException {
            file.checkVersion("", failure);
            Line typeLine = typeLine();
            String name = typeLine.fields()[0];
            ModuleType type = moduleType(typeLine);
            List<String> typeFields = List.of(typeLine.fields()).subList(2, typeLine.fields().length);
            Optional<Section> loadable = file.section(LOADABLE);
            boolean stub = loadable.isPresent() && isStub(loadable.get());
            return new MasterFile(name, type, typeFields, loadable.isPresent(), stub, interfaces(),
                    dependencies(name), tunables(), driverInstalls(), pciIds());
        }

        private Line typeLine() throws MasterFileException {
            Section s = require(TYPE, "a module declares its name and type there, as in 'e100 wsio_class'");
            if (s.body().isEmpty()) {
                throw fail(s.headerLine(), "$TYPE holds no line; it holds exactly one: module-name type"
                        + " [type-specific fields]");
            }
            if (s.body().size() > 1) {
                throw fail(s.body().get(1).number(), "$TYPE holds exactly one line; found a second, '"
                        + s.body().get(1).text() + "'");
            }
            Line line = s.body().get(0);
            if (line.fields().length < 2) {
                throw fail(line.number(), "the $TYPE line needs the module name and its type, as in"
                        + " 'e100 wsio_class'; found '" + line.text() + "'");
            }
            requireName(line, line.fields()[0], "module name");
            return line;
        }

        private ModuleType moduleType(Line typeLine) throws MasterFileException {
            String word = typeLine.fields()[1];
            Optional<ModuleType> type = ModuleType.fromFileName(word);
            if (type.isEmpty()) {
                throw fail(typeLine.number(), "unknown module type '" + word + "'; the types are "
                        + ModuleType.allFileNames());
            }
            return type.get();
        }

        private boolean isStub(Section loadable) throws MasterFileException {
            List<Line> body = loadable.body();
            for (int i = 0; i < body.size(); i++) {
                Line line = body.get(i);
                if (i > 0 || line.fields().length != 1 || !line.fields()[0].equals(STUB)) {
                    throw fail(line.number(), "$LOADABLE holds nothing or the single keyword 'stub'; found '"
                            + line.text() + "'");
                }
            }
            return !body.isEmpty();
        }

        private List<InterfaceSpec> interfaces() throws MasterFileException {
            Section s = require(INTERFACE, "a module names the interfaces it is built on; for HP-UX 11.0 and"
                    + " later that is the single line 'base'");
            if (s.body().isEmpty()) {
                throw fail(s.headerLine(), "$INTERFACE names no interface; for HP-UX 11.0 and later it holds"
                        + " the single line 'base'");
            }
            List<InterfaceSpec> result = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (Line line : s.body()) {
                if (line.fields().length > 2) {
                    throw fail(line.number(), "an $INTERFACE line is 'name [version]'; found '" + line.text() + "'");
                }
                String name = line.fields()[0];
                requireName(line, name, "interface name");
                requireFirst(seen, name, line, "interface '" + name + "' is named twice");
                result.add(new InterfaceSpec(name, line.fields().length == 2 ? line.fields()[1] : ""));
            }
            return result;
        }

        private List<String> dependencies(String module) throws MasterFileException {
            Optional<Section> s = file.section(DRIVER_DEPENDENCY);
            List<String> result = new ArrayList<>();
            if (s.isEmpty()) {
                return result;
            }
            Map<String, Integer> seen = new HashMap<>();
            for (Line line : s.get().body()) {
                String owner = line.fields()[0];
                if (!owner.equals(module)) {
                    throw fail(line.number(), "dependency line for '" + owner + "' in the master file of '"
                            + module + "'; a line here starts with '" + module + "'");
                }
                if (line.fields().length < 2) {
                    throw fail(line.number(), "dependency line for '" + module + "' names no module it depends"
                            + " on; the form is '" + module + " supporting-module...'");
                }
                for (int i = 1; i < line.fields().length; i++) {
                    String supporting = line.fields()[i];
                    requireName(line, supporting, "dependency name");
                    if (supporting.equals(module)) {
                        throw fail(line.number(), "module '" + module + "' cannot depend on itself");
                    }
                    requireFirst(seen, supporting, line, "dependency '" + supporting + "' is listed twice");
                    result.add(supporting);
                }
            }
            return result;
        }

        private List<TunableSpec> tunables() throws MasterFileException {
            Optional<Section> s = file.section(TUNABLE);
            List<TunableSpec> result = new ArrayList<>();
            if (s.isEmpty()) {
                return result;
            }
            Map<String, Integer> seen = new HashMap<>();
            for (Line line : s.get().body()) {
                result.add(tunable(line));
                requireFirst(seen, line.fields()[0], line, "tunable '" + line.fields()[0] + "' is declared twice");
            }
            return result;
        }

        private TunableSpec tunable(Line line) throws MasterFileException {
            String[] f = line.fields();
            if (f.length < 2 || f.length > 5) {
                throw fail(line.number(), "a tunable line is 'name default [min [max [class]]]'; found '"
                        + line.text() + "'");
            }
            String name = f[0];
            requireName(line, name, "tunable name");
            String what = "tunable '" + name + "'";
            long value = number(line, f[1], what + ": default");
            OptionalLong min = f.length > 2 ? bound(line, f[2], what + ": minimum") : OptionalLong.empty();
            OptionalLong max = f.length > 3 ? bound(line, f[3], what + ": maximum") : OptionalLong.empty();
            TunableClass tunableClass = TunableClass.STATIC;
            if (f.length > 4) {
                tunableClass = TunableClass.fromFileName(f[4]).orElseThrow(() -> fail(line.number(),
                        what + ": unknown tunable class '" + f[4] + "'; the classes are static, dynamic and"
                                + " automatic"));
            }
            if (min.isPresent() && min.getAsLong() > value) {
                throw fail(line.number(), what + ": default " + value + " is below the minimum " + min.getAsLong());
            }
            if (max.isPresent() && value > max.getAsLong()) {
                throw fail(line.number(), what + ": default " + value + " is above the maximum " + max.getAsLong());
            }
            return new TunableSpec(name, value, min, max, tunableClass);
        }

        private OptionalLong bound(Line line, String field, String what) throws MasterFileException {
            return field.equals(ABSENT) ? OptionalLong.empty() : OptionalLong.of(number(line, field, what));
        }

        private List<DriverInstall> driverInstalls() throws MasterFileException {
            Optional<Section> s = file.section(DRIVER_INSTALL);
            List<DriverInstall> result = new ArrayList<>();
            if (s.isEmpty()) {
                return result;
            }
            Map<String, Integer> seen = new HashMap<>();
            for (Line line : s.get().body()) {
                String[] f = line.fields();
                if (f.length != 3) {
                    throw fail(line.number(), "a $DRIVER_INSTALL line is 'driver-name block-major char-major',"
                            + " -1 for a number the kernel assigns; found '" + line.text() + "'");
                }
                requireName(line, f[0], "driver name");
                String what = "driver '" + f[0] + "'";
                int block = major(line, f[1], what + ": block major");
                int character = major(line, f[2], what + ": character major");
                requireFirst(seen, f[0], line, what + " is installed twice");
                result.add(new DriverInstall(f[0], block, character));
            }
            return result;
        }

        private List<PciId> pciIds() throws MasterFileException {
            Optional<Section> s = file.section(PCI_ID);
            List<PciId> result = new ArrayList<>();
            if (s.isEmpty()) {
                return result;
            }
            Map<String, Integer> seen = new HashMap<>();
            for (Line line : s.get().body()) {
                String[] f = line.fields();
                if (f.length != 2) {
                    throw fail(line.number(), "a $PCI_ID line is 'vendor device', four hexadecimal digits each, as in"
                            + " '8086 1229'; found '" + line.text() + "'");
                }
                PciId id;
                try {
                    id = PciId.parse(f[0] + ":" + f[1]);
                } catch (KernelException e) {
                    throw fail(line.number(), "bad PCI ID '" + line.text() + "': vendor and device are four"
                            + " hexadecimal digits each, as in '8086 1229', and vendor ffff means no device");
                }
                requireFirst(seen, id.toString(), line, "PCI ID " + f[0] + " " + f[1] + " is listed twice");
                result.add(id);
            }
            return result;
        }

        private int major(Line line, String field, String what) throws MasterFileException {
            long value = number(line, field, what);
            if (value < DriverInstall.ASSIGNED_BY_KERNEL || value > Integer.MAX_VALUE) {
                throw fail(line.number(), what + " " + field + " is neither -1 (assigned by the kernel) nor a"
                        + " number from 0");
            }
            return (int) value;
        }

        private long number(Line line, String field, String what) throws MasterFileException {
            return SectionedFile.integer(line, field, what, failure);
        }

        private void requireName(Line line, String name, String what) throws MasterFileException {
            if (!NAME.matcher(name).matches()) {
                throw fail(line.number(), "bad " + what + " '" + name + "': a name is " + NAME_RULE);
            }
        }

        private void requireFirst(Map<String, Integer> seen, String key, Line line, String what)
                throws MasterFileException {
            Integer first = seen.putIfAbsent(key, line.number());
            if (first != null) {
                throw fail(line.number(), what + " (first on line " + first + ")");
            }
        }

        private Section require(String keyword, String why) throws MasterFileException {
            return file.require(keyword, why, failure);
        }

        private MasterFileException fail(int line, String reason) {
            return failure.at(line, reason);
        }
    }
}
