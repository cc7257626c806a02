package org.dlkm.kernel.runtime.internal.text;

/**
 * Numbers as the kernel reads them from administrators and files: ASCII digits only. Java's own parsers accept
 * more than that ({@link Long#parseLong} takes any Unicode digit, such as {@code ٣} or {@code ３}, and a {@code +}
 * after the {@code 0x} of a hexadecimal number once the prefix is cut off), so every number typed or written in a
 * file goes through here.
 *
 * <p>Stateless: safe to call from any thread.
 */
public final class AsciiNumbers {

    /** The form {@link #integer} accepts, for messages that say what to write instead. */
    public static final String INTEGER_FORM =
            "decimal digits 0-9, or 0x and hexadecimal digits 0-9 a-f, after an optional + or -";

    /** The form {@link #decimal} accepts, for messages that say what to write instead. */
    public static final String DECIMAL_FORM = "decimal digits 0-9, without a sign";

    private AsciiNumbers() {
    }

    /**
     * Reads an integer: an optional {@code +} or {@code -}, then decimal digits, or {@code 0x} (or {@code 0X}) and
     * hexadecimal digits. A leading zero is still decimal. Nothing else: no space, no sign after {@code 0x}, no
     * digit outside ASCII.
     *
     * @param text the number
     * @return its value
     * @throws NumberFormatException if the text is not of that form, or the value does not fit in a {@code long}
     */
    public static long integer(String text) {
        int start = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
        boolean hexadecimal = text.startsWith("0x", start) || text.startsWith("0X", start);
        int radix = hexadecimal ? 16 : 10;
        String digits = text.substring(hexadecimal ? start + 2 : start);
        if (!allDigits(digits, radix)) {
            throw new NumberFormatException("'" + text + "' is not " + INTEGER_FORM);
        }
        return Long.parseLong(text.startsWith("-") ? "-" + digits : digits, radix);
    }

    /**
     * Reads a number written with decimal digits alone, such as a module ID or a count of seconds.
     *
     * @param text the number
     * @return its value
     * @throws NumberFormatException if the text is not ASCII decimal digits, or the value does not fit in a
     *         {@code long}
     */
    public static long decimal(String text) {
        if (!allDigits(text, 10)) {
            throw new NumberFormatException("'" + text + "' is not " + DECIMAL_FORM);
        }
        return Long.parseLong(text);
    }

    private static boolean allDigits(String digits, int radix) {
        if (digits.isEmpty()) {
            return false;
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            boolean digit = (c >= '0' && c <= '9')
                    || (radix == 16 && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
            if (!digit) {
                return false;
            }
        }
        return true;
    }
}
