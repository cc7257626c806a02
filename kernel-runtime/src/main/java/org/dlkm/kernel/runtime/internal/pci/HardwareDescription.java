package org.dlkm.kernel.runtime.internal.pci;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciClass;
import org.dlkm.kernel.device.PciOwner;
import org.dlkm.kernel.runtime.internal.text.StrictText;

/**
 * Reads the hardware description file that populates the simulated PCI bus.
 *
 * <h2>Format</h2>
 * One device per line, five fields separated by white space; the last runs to the end of the line:
 * <pre>
 * # address  vendor:device  class     owner     description
 * 0:7        8086:1229      ethernet  vmkernel  Intel Corporation 82557/8/9 [Ethernet Pro 100]
 * 0:12       9005:001f      scsi      console   Adaptec AIC-7890/1 Ultra2 SCSI
 * 1:4.1      8086:7111      ide       shared    Intel Corporation 82371AB PIIX4 IDE
 * </pre>
 * <ol>
 * <li>address: {@code bus:slot} or {@code bus:slot.function}, decimal (bus 0-255, slot 0-31, function 0-7,
 * function 0 when omitted), as {@code vmkload_mod -d} takes it. Each address appears once.</li>
 * <li>IDs: {@code vendor:device}, exactly four hexadecimal digits each, either case; vendor {@code ffff} (no
 * device) is refused.</li>
 * <li>class: {@code ethernet}, {@code scsi}, {@code vga}, {@code bridge}, {@code ide} or {@code usb}.</li>
 * <li>owner: {@code vmkernel} (hidden from the service console), {@code console} (the service console's, can be
 * shared with {@code vmkload_mod -d}) or {@code shared} (assigned as shared by the installer).</li>
 * <li>description: the rest of the line, spaces kept, not empty.</li>
 * </ol>
 * The file is UTF-8, and the first four fields are printable ASCII: a non-breaking space between fields, or a digit
 * such as {@code ３}, is refused by name. Blank lines and lines whose first non-blank character is {@code #} are
 * ignored (a {@code #} later in a line is part of the description). Keywords are lower case. Anything else is
 * refused with {@link Errno#EINVAL} and the message {@code <source>: line N: <reason>}.
 *
 * <p>Stateless: the static methods are safe to call from any thread.
 */
public final class HardwareDescription {

    /** The class-path resource holding the seed's example machine. */
    public static final String DEFAULT_RESOURCE = "org/dlkm/kernel/runtime/internal/pci/default-hardware.txt";

    private static final Pattern IDS = Pattern.compile("([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4})");
    private static final String FORM = "bus:slot[.function] vendor:device class owner description";

    private HardwareDescription() {
    }

    /**
     * Parses a hardware description.
     *
     * @param source what the text was read from, for messages
     * @param text the whole file
     * @return the devices in file order
     * @throws KernelException {@code EINVAL}, {@code <source>: line N: <reason>}, for anything malformed
     */
    public static List<PciSlot> parse(String source, String text) throws KernelException {
        List<PciSlot> slots = new ArrayList<>();
        Map<PciAddress, Integer> lineOf = new HashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String trimmed = lines.get(i).strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int number = i + 1;
            PciSlot slot = slot(source, number, trimmed);
            Integer first = lineOf.putIfAbsent(slot.address(), number);
            if (first != null) {
                throw fail(source, number, "duplicate address " + slot.address() + " (already on line " + first + ")");
            }
            slots.add(slot);
        }
        return List.copyOf(slots);
    }

    /**
     * Parses a hardware description file's bytes, which must be UTF-8.
     *
     * @param source what the bytes were read from, for messages
     * @param bytes the whole file
     * @return the devices in file order
     * @throws KernelException {@code EINVAL}, {@code <source>: line N: <reason>}, for bytes that are not UTF-8 and
     *         for anything malformed
     */
    public static List<PciSlot> parse(String source, byte[] bytes) throws KernelException {
        return parse(source, StrictText.utf8(bytes, (line, reason) -> fail(source, line, reason)));
    }

    /**
     * The seed's example machine: a host bridge, two EtherExpress Pro/100 cards (0:7 for the VMkernel, 0:8 for the
     * service console), three Adaptec AIC-7890/1 SCSI adapters (0:10 and 0:11 for the VMkernel, 0:12 for the
     * service console) and a VGA card on the service console.
     *
     * @return the devices of {@value #DEFAULT_RESOURCE}
     * @throws IllegalStateException if the embedded resource is missing or malformed, a build defect
     */
    public static List<PciSlot> defaultMachine() {
        try (InputStream in = HardwareDescription.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the embedded hardware description " + DEFAULT_RESOURCE
                        + " is missing from the kernel runtime bundle");
            }
            return parse(DEFAULT_RESOURCE, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the embedded hardware description " + DEFAULT_RESOURCE
                    + " failed", e);
        } catch (KernelException e) {
            throw new IllegalStateException("the embedded hardware description is malformed: " + e.getMessage(), e);
        }
    }

    private static PciSlot slot(String source, int number, String line) throws KernelException {
        String[] f = line.split("\\s+", 5);
        for (int i = 0; i < Math.min(f.length, 4); i++) {
            Optional<String> odd = StrictText.firstNonAscii(f[i]);
            if (odd.isPresent()) {
                throw fail(source, number, odd.get() + " of '" + f[i] + "': the address, IDs, class and owner are"
                        + " printable ASCII, separated by spaces or tabs");
            }
        }
        if (f.length < 5) {
            String missing = switch (f.length) {
                case 1 -> "vendor:device, class, owner and description";
                case 2 -> "class, owner and description";
                case 3 -> "owner and description";
                default -> "description";
            };
            throw fail(source, number, "missing " + missing + "; a device line is '" + FORM + "'");
        }
        PciAddress address;
        try {
            address = PciAddress.parse(f[0]);
        } catch (KernelException e) {
            throw fail(source, number, e.getMessage());
        }
        Matcher ids = IDS.matcher(f[1]);
        if (!ids.matches()) {
            throw fail(source, number, "bad vendor:device '" + f[1] + "': expected two 4-digit hexadecimal IDs,"
                    + " as in 8086:1229");
        }
        int vendor = Integer.parseInt(ids.group(1), 16);
        if (vendor == 0xffff) {
            throw fail(source, number, "vendor ffff at " + address + " means no device is present; leave the"
                    + " slot out instead");
        }
        PciClass deviceClass = keyword(source, number, PciClass.values(), f[2], "device class");
        PciOwner owner = keyword(source, number, PciOwner.values(), f[3], "owner");
        return new PciSlot(address, vendor, Integer.parseInt(ids.group(2), 16), deviceClass, owner, f[4].strip());
    }

    private static <E extends Enum<E>> E keyword(String source, int number, E[] values, String word, String what)
            throws KernelException {
        StringBuilder known = new StringBuilder();
        for (E e : values) {
            String spelling = spelling(e);
            if (spelling.equals(word)) {
                return e;
            }
            known.append(known.length() == 0 ? "" : ", ").append(spelling);
        }
        throw fail(source, number, "unknown " + what + " '" + word + "'; expected one of " + known);
    }

    /** @return the lower-case word the file uses for a class or owner */
    static String spelling(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static KernelException fail(String source, int line, String reason) {
        return new KernelException(Errno.EINVAL, source + ": line " + line + ": " + reason);
    }
}
