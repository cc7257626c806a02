package org.dlkm.kernel.device;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;

/**
 * A PCI bus address: bus, slot (also called device or cardnum) and function.
 *
 * @param bus the bus, 0-255
 * @param slot the slot, 0-31
 * @param function the function, 0-7
 */
public record PciAddress(int bus, int slot, int function) implements Comparable<PciAddress> {

    /** Checks the ranges. */
    public PciAddress {
        if (bus < 0 || bus > 255 || slot < 0 || slot > 31 || function < 0 || function > 7) {
            throw new IllegalArgumentException("PCI address out of range: " + bus + ":" + slot + "." + function);
        }
    }

    /**
     * Parses {@code bus:slot} or {@code bus:slot.function}, decimal, as the seed writes it ({@code 0:12}): ASCII
     * digits only, no sign.
     *
     * @throws KernelException {@code EINVAL} naming the text and the expected form
     */
    public static PciAddress parse(String text) throws KernelException {
        String t = text == null ? "" : text.trim();
        int colon = t.indexOf(':');
        String problem;
        if (colon <= 0 || colon == t.length() - 1) {
            problem = "expected bus:slot, for example 0:12";
        } else {
            String busPart = t.substring(0, colon);
            String rest = t.substring(colon + 1);
            String slotPart = rest;
            String fnPart = "0";
            int dot = rest.indexOf('.');
            if (dot >= 0) {
                slotPart = rest.substring(0, dot);
                fnPart = rest.substring(dot + 1);
            }
            int bus = decimal(busPart);
            int slot = decimal(slotPart);
            int fn = decimal(fnPart);
            if (bus < 0 || slot < 0 || fn < 0) {
                problem = "bus, slot and function are decimal digits 0-9 without a sign, as in 0:12 or 1:4.1";
            } else if (bus > 255) {
                problem = "bus " + busPart + " is out of range 0-255";
            } else if (slot > 31) {
                problem = "slot " + slotPart + " is out of range 0-31";
            } else if (fn > 7) {
                problem = "function " + fnPart + " is out of range 0-7";
            } else {
                return new PciAddress(bus, slot, fn);
            }
        }
        throw new KernelException(Errno.EINVAL, "malformed PCI address '" + text + "': " + problem);
    }

    /**
     * @return the value of ASCII decimal digits ({@link Integer#MAX_VALUE} if it is larger), or -1 for anything
     *         else: {@link Integer#parseInt} would also take a sign and any Unicode digit
     */
    private static int decimal(String digits) {
        if (digits.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    @Override
    public int compareTo(PciAddress o) {
        int c = Integer.compare(bus, o.bus);
        if (c == 0) {
            c = Integer.compare(slot, o.slot);
        }
        return c != 0 ? c : Integer.compare(function, o.function);
    }

    /** @return {@code bus:slot}, with {@code .function} when it is not 0 */
    @Override
    public String toString() {
        return function == 0 ? bus + ":" + slot : bus + ":" + slot + "." + function;
    }
}
