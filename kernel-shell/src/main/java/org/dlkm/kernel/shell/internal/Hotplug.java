package org.dlkm.kernel.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.DeviceService;
import org.dlkm.kernel.device.HotplugResult;
import org.dlkm.kernel.device.PciAddress;
import org.dlkm.kernel.device.PciDevice;
import org.dlkm.kernel.device.PciId;
import org.dlkm.kernel.device.PciOwner;

/**
 * {@code hotplug}: inserts a card into the running machine's simulated PCI bus, or removes one. The address is
 * {@code bus:slot} in decimal, as {@code vmkload_mod -d} and {@code /proc/pci} write it, or in hexadecimal with
 * {@code 0x}, as {@code scanpci} prints it ({@code 0x0000:0x0c}); the IDs are hexadecimal, as both print them, with
 * or without {@code 0x}. Stateless; safe from any thread.
 */
final class Hotplug {
    static final String NAME = "hotplug";
    static final String USAGE = String.join("\n",
            "Usage: hotplug add BUS:SLOT VENDOR:DEVICE [vmkernel|console|shared]   insert a card (default vmkernel)",
            "       hotplug remove BUS:SLOT                                          remove a card",
            "BUS:SLOT is decimal (0:9) or hexadecimal as scanpci prints it (0x0000:0x09); VENDOR:DEVICE hexadecimal"
                    + " (8086:1229)");

    private final DeviceService devices;

    Hotplug(DeviceService devices) {
        this.devices = devices;
    }

    String run(String... args) {
        if (args.length == 0) {
            throw usage("add or remove is required");
        }
        try {
            switch (args[0]) {
            case "add":
                if (args.length < 3 || args.length > 4) {
                    throw usage("hotplug add takes BUS:SLOT VENDOR:DEVICE and an optional owner");
                }
                return added(devices.hotplugAdd(address(args[1]), id(args[2]),
                        args.length == 4 ? owner(args[3]) : PciOwner.VMKERNEL));
            case "remove":
                if (args.length != 2) {
                    throw usage("hotplug remove takes one BUS:SLOT");
                }
                return removed(devices.hotplugRemove(address(args[1])));
            case "-h", "--help":
                return USAGE;
            default:
                throw usage("unknown action '" + args[0] + "'; the actions are add and remove");
            }
        } catch (KernelException e) {
            throw new CommandFailure(NAME, e);
        }
    }

    private static CommandFailure usage(String problem) {
        return new CommandFailure(NAME, Errno.EINVAL, problem + "\n" + USAGE);
    }

    /** Decimal {@code 0:12}, or {@code 0x} hexadecimal parts as {@code scanpci} prints them. */
    static PciAddress address(String text) throws KernelException {
        if (!text.toLowerCase(Locale.ROOT).contains("0x")) {
            return PciAddress.parse(text);
        }
        String[] parts = text.split("[:.]", -1);
        List<String> decimal = new ArrayList<>();
        for (String p : parts) {
            String digits = p.regionMatches(true, 0, "0x", 0, 2) ? p.substring(2) : null;
            if (digits == null || digits.isEmpty() || digits.length() > 4
                    || !digits.chars().allMatch(c -> c < 128 && Character.digit(c, 16) >= 0)) {
                throw new KernelException(Errno.EINVAL, "malformed PCI address '" + text + "': expected bus:slot in"
                        + " decimal (0:12) or in hexadecimal as scanpci prints it (0x0000:0x0c)");
            }
            decimal.add(Integer.toString(Integer.parseInt(digits, 16)));
        }
        String rebuilt = parts.length == 3 ? decimal.get(0) + ":" + decimal.get(1) + "." + decimal.get(2)
                : String.join(":", decimal);
        try {
            return PciAddress.parse(rebuilt);
        } catch (KernelException e) {
            throw new KernelException(Errno.EINVAL, e.getMessage().replace("'" + rebuilt + "'", "'" + text + "'"));
        }
    }

    /** {@code 8086:1229}, or {@code 0x8086:0x1229}. */
    static PciId id(String text) throws KernelException {
        String plain = text.replaceAll("(?i)(^|:)0x", "$1");
        try {
            return PciId.parse(plain);
        } catch (KernelException e) {
            throw new KernelException(e.errno(), e.getMessage().replace("'" + plain + "'", "'" + text + "'"));
        }
    }

    private static PciOwner owner(String text) {
        for (PciOwner o : PciOwner.values()) {
            if (o.name().toLowerCase(Locale.ROOT).equals(text)) {
                return o;
            }
        }
        throw new CommandFailure(NAME, Errno.EINVAL, "unknown owner '" + text + "'; a card is assigned to"
                + " vmkernel, console or shared");
    }

    private static String card(PciDevice d) {
        return "PCI " + d.address() + " " + new PciId(d.vendorId(), d.deviceId()) + " " + d.description();
    }

    private static String added(HotplugResult r) {
        StringBuilder sb = new StringBuilder("Inserted ").append(card(r.card())).append(" (")
                .append(r.card().owner().name().toLowerCase(Locale.ROOT)).append(')');
        if (!r.autoloaded().isEmpty()) {
            sb.append("\nAutoloaded ").append(String.join(", ", r.autoloaded()));
        }
        r.driver().ifPresent(driver -> sb.append('\n').append(r.autoloaded().isEmpty() ? "Probed by " : "Claimed by ")
                .append(driver).append(r.devices().isEmpty() ? "" : ": " + String.join(" ", r.devices())));
        r.note().ifPresent(note -> sb.append("\nUnclaimed: ").append(note));
        return sb.toString();
    }

    private static String removed(HotplugResult r) {
        StringBuilder sb = new StringBuilder("Removed ").append(card(r.card()));
        r.driver().ifPresent(driver -> sb.append("\nReleased by ").append(driver)
                .append(r.devices().isEmpty() ? "" : ": " + String.join(" ", r.devices()) + " gone"));
        return sb.toString();
    }
}
