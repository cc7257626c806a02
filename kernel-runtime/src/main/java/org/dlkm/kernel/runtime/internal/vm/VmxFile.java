package org.dlkm.kernel.runtime.internal.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.text.StrictText;

/**
 * A virtual machine's configuration file in ESX Server 2's {@code .vmx} form: {@code key = "value"} lines,
 * {@code #} comments and blank lines; keys are case-insensitive, as ESX reads them. dlkm reads this set and refuses
 * any other key, so that a typing mistake is not a silent default:
 *
 * <ul>
 * <li>{@code config.version}, {@code virtualHW.version}: decimal numbers, kept as written;
 * <li>{@code guestOS}: any text; {@code displayName}: the machine's name (default: the file's name without
 * {@code .vmx});
 * <li>{@code memsize}: required, memory in MB, a multiple of 4 from 4 to 3600 (ESX Server 2's limits);
 * <li>{@code ethernetN.present} ({@code TRUE}/{@code FALSE}), {@code ethernetN.networkName} (a VMkernel network
 * device, {@code vmnic0}), {@code ethernetN.virtualDev} ({@code vlance} or {@code vmxnet}); N from 0 to 3;
 * <li>{@code scsiN.present}, {@code scsiN.virtualDev} ({@code vmxbuslogic} or {@code vmxlsilogic}); N from 0 to 3;
 * <li>{@code scsiN:M.present}, {@code scsiN:M.name} (a whole disk on a VMkernel adapter: {@code vmhba0:0:0},
 * adapter, target, LUN), {@code scsiN:M.deviceType} ({@code scsi-hardDisk}); M from 0 to 15 but 7, the virtual
 * adapter's own ID.
 * </ul>
 *
 * A key set twice, a value of the wrong form, a device present without its name, a disk on a virtual adapter that
 * is not present, or one disk named twice is refused with the file, the line and the reason ({@code EINVAL}).
 *
 * <p>Stateless; safe from any thread.
 */
public final class VmxFile {
    /** A virtual NIC: {@code ethernet0} on the VMkernel network device {@code vmnic0}, set at that line. */
    public record Nic(String name, String device, int line) {
    }

    /** A virtual disk: {@code scsi0:0} on target and LUN of a VMkernel adapter, set at that line. */
    public record Disk(String name, String adapter, int target, int lun, int line) {
        /** @return the disk as ESX names it: {@code vmhba0:0:0} */
        public String id() {
            return adapter + ":" + target + ":" + lun;
        }
    }

    /** What a configuration file says. */
    public record Config(String file, String displayName, int memsize, List<Nic> nics, List<Disk> disks) {
        public Config {
            nics = List.copyOf(nics);
            disks = List.copyOf(disks);
        }
    }

    private static final Pattern LINE = Pattern.compile("([A-Za-z0-9_.:]+)\\s*=\\s*(?:\"([^\"]*)\"|([^\\s\"#]+))\\s*");
    private static final Pattern ETHERNET = Pattern.compile("(ethernet(\\d+))\\.(present|networkname|virtualdev)");
    private static final Pattern SCSI = Pattern.compile("(scsi(\\d+))\\.(present|virtualdev)");
    private static final Pattern SCSI_DISK = Pattern.compile("(scsi(\\d+):(\\d+))\\.(present|name|devicetype)");
    private static final Pattern NET_DEVICE = Pattern.compile("[a-z]+[0-9]+");
    private static final Pattern DISK_NAME = Pattern.compile("([a-z]+[0-9]+):([0-9]{1,3}):([0-9]{1,3})");
    private static final String KEYS = "config.version, virtualHW.version, guestOS, displayName, memsize,"
            + " ethernetN.present, ethernetN.networkName, ethernetN.virtualDev, scsiN.present, scsiN.virtualDev,"
            + " scsiN:M.present, scsiN:M.name, scsiN:M.deviceType";

    /** One line's setting: its value and where it is. */
    private record Setting(String value, int line) {
    }

    private VmxFile() {
    }

    /**
     * Reads a configuration file.
     *
     * @param file the file
     * @param shown the file as messages name it ({@code /vmfs/vm1/vm1.vmx})
     * @throws KernelException {@code ENOENT} if it does not exist, {@code EIO} if it cannot be read, {@code EINVAL}
     *         with {@code shown:line: reason} for what cannot be accepted
     */
    public static Config read(Path file, String shown) throws KernelException {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new KernelException(Errno.EINVAL, shown + ": a directory, not a configuration file");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KernelException(Errno.ENOENT, shown + ": no such configuration file");
        } catch (IOException e) {
            throw new KernelException(Errno.EIO, shown + ": cannot be read: " + e.getMessage(), e);
        }
        String text = StrictText.utf8(bytes, (line, reason) -> at(shown, line, reason));
        String name = file.getFileName().toString();
        return parse(shown, name.endsWith(".vmx") ? name.substring(0, name.length() - 4) : name, text);
    }

    /**
     * Reads a configuration's text.
     *
     * @param shown the file as messages name it
     * @param defaultName the display name when the text sets none
     */
    static Config parse(String shown, String defaultName, String text) throws KernelException {
        Map<String, Setting> settings = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw at(shown, n, "not a setting: expected key = \"value\", found " + StrictText.quoted(line));
            }
            String key = m.group(1).toLowerCase(Locale.ROOT);
            String value = m.group(2) != null ? m.group(2) : m.group(3);
            checkValue(shown, n, m.group(1), key, value);
            Setting first = settings.putIfAbsent(key, new Setting(value, n));
            if (first != null) {
                throw at(shown, n, m.group(1) + " is set twice (first at line " + first.line() + ")");
            }
        }
        return assemble(shown, defaultName, settings);
    }

    /** Refuses an unknown key or a value of the wrong form. */
    private static void checkValue(String shown, int n, String typed, String key, String value) throws KernelException {
        Matcher e = ETHERNET.matcher(key);
        Matcher s = SCSI.matcher(key);
        Matcher d = SCSI_DISK.matcher(key);
        if (key.equals("config.version") || key.equals("virtualhw.version")) {
            digits(shown, n, typed, value);
        } else if (key.equals("guestos") || key.equals("displayname")) {
            if (value.isBlank()) {
                throw at(shown, n, typed + " is empty");
            }
        } else if (key.equals("memsize")) {
            long mb = digits(shown, n, typed, value);
            if (mb < 4 || mb > 3600 || mb % 4 != 0) {
                throw at(shown, n, "memsize " + value + " MB is out of range: a multiple of 4 from 4 to 3600");
            }
        } else if (e.matches()) {
            index(shown, n, typed, e.group(2), 3, "a virtual machine has ethernet0 to ethernet3");
            field(shown, n, typed, e.group(3), value, "networkname", NET_DEVICE, "a VMkernel network device such"
                    + " as vmnic0", "vlance", "vmxnet");
        } else if (s.matches()) {
            index(shown, n, typed, s.group(2), 3, "a virtual machine has scsi0 to scsi3");
            field(shown, n, typed, s.group(3), value, "", null, "", "vmxbuslogic", "vmxlsilogic");
        } else if (d.matches()) {
            index(shown, n, typed, d.group(2), 3, "a virtual machine has scsi0 to scsi3");
            int id = index(shown, n, typed, d.group(3), 15, "a virtual SCSI ID is 0 to 15");
            if (id == 7) {
                throw at(shown, n, typed + ": SCSI ID 7 is the virtual adapter's own; use 0 to 6 or 8 to 15");
            }
            field(shown, n, typed, d.group(4), value, "name", DISK_NAME, "a disk on a VMkernel adapter,"
                    + " adapter:target:lun such as vmhba0:0:0", "scsi-harddisk");
        } else {
            throw at(shown, n, "unknown key " + typed + "; the keys dlkm reads are " + KEYS);
        }
    }

    /** Checks a device field: {@code present} a boolean, {@code nameField} the pattern, the other one of the words. */
    private static void field(String shown, int n, String typed, String field, String value, String nameField,
            Pattern name, String nameForm, String... words) throws KernelException {
        if (field.equals("present")) {
            bool(shown, n, typed, value);
        } else if (field.equals(nameField)) {
            if (!name.matcher(value).matches()) {
                throw at(shown, n, typed + " " + StrictText.quoted(value) + " is not " + nameForm);
            }
        } else if (!List.of(words).contains(value.toLowerCase(Locale.ROOT))) {
            throw at(shown, n, typed + " " + StrictText.quoted(value) + " is not one of " + String.join(", ",
                    words).replace("scsi-harddisk", "scsi-hardDisk"));
        }
    }

    private static Config assemble(String shown, String defaultName, Map<String, Setting> settings)
            throws KernelException {
        Setting memsize = settings.get("memsize");
        if (memsize == null) {
            throw new KernelException(Errno.EINVAL, shown + ": memsize is missing: set the memory in MB, memsize ="
                    + " \"256\"");
        }
        List<Nic> nics = new ArrayList<>();
        for (int i = 0; i <= 3; i++) {
            String nic = "ethernet" + i;
            Setting present = settings.get(nic + ".present");
            if (present != null && bool(shown, present.line(), nic + ".present", present.value())) {
                Setting device = required(shown, settings, present, nic, nic + ".networkName");
                nics.add(new Nic(nic, device.value(), device.line()));
            }
        }
        List<Disk> disks = new ArrayList<>();
        Map<String, Disk> byId = new LinkedHashMap<>();
        for (int a = 0; a <= 3; a++) {
            Setting adapter = settings.get("scsi" + a + ".present");
            boolean adapterPresent = adapter != null && bool(shown, adapter.line(), "", adapter.value());
            for (int t = 0; t <= 15; t++) {
                String disk = "scsi" + a + ":" + t;
                Setting present = settings.get(disk + ".present");
                if (present == null || !bool(shown, present.line(), "", present.value())) {
                    continue;
                }
                if (!adapterPresent) {
                    throw at(shown, present.line(), disk + " is present on scsi" + a + ", which is not: set scsi" + a
                            + ".present = \"TRUE\"");
                }
                Setting name = required(shown, settings, present, disk, disk + ".name");
                Matcher m = DISK_NAME.matcher(name.value());
                m.matches();
                Disk d = new Disk(disk, m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        name.line());
                Disk other = byId.putIfAbsent(d.id(), d);
                if (other != null) {
                    throw at(shown, d.line(), disk + ".name " + d.id() + " is already " + other.name()
                            + "'s (line " + other.line() + "): a disk is one virtual disk of one machine");
                }
                disks.add(d);
            }
        }
        Setting display = settings.get("displayname");
        return new Config(shown, display == null ? defaultName : display.value(),
                Integer.parseInt(memsize.value()), nics, disks);
    }

    private static Setting required(String shown, Map<String, Setting> settings, Setting present, String device,
            String key) throws KernelException {
        Setting s = settings.get(key.toLowerCase(Locale.ROOT));
        if (s == null) {
            throw at(shown, present.line(), device + " is present but " + key + " is missing");
        }
        return s;
    }

    private static int index(String shown, int n, String typed, String digits, int max, String rule)
            throws KernelException {
        if (digits.length() > 2 || Integer.parseInt(digits) > max) {
            throw at(shown, n, "unknown key " + typed + ": " + rule);
        }
        return Integer.parseInt(digits);
    }

    private static long digits(String shown, int n, String typed, String value) throws KernelException {
        if (!value.matches("[0-9]{1,9}")) {
            throw at(shown, n, typed + " " + StrictText.quoted(value) + " is not a decimal number");
        }
        return Long.parseLong(value);
    }

    private static boolean bool(String shown, int n, String typed, String value) throws KernelException {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw at(shown, n, typed + " " + StrictText.quoted(value) + " is not TRUE or FALSE");
    }

    private static KernelException at(String shown, int line, String reason) {
        return new KernelException(Errno.EINVAL, shown + ":" + line + ": " + reason);
    }
}
