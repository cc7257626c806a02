package org.dlkm.kernel.shell.internal;

import java.util.List;

/**
 * What Tab may put in place of the word under the cursor: the kernel's names for it (modules, devices, proc paths,
 * module parameters), and whether the host's paths fit there too. The shell profile turns each {@link Choice} into a
 * JLine candidate and, with {@link #hostPaths()}, adds Gogo's own file completion; the kernel shell itself knows no
 * JLine type.
 *
 * <p>Public, with public accessors, because the shell profile reads it through Gogo's reflection. Immutable.
 *
 * @param list the choices, in the order they are offered
 * @param hostPaths whether the word may also be a path on the host, which Gogo's file completion completes
 */
public record Choices(List<Choice> list, boolean hostPaths) {

    /** Nothing to offer. */
    static final Choices NONE = new Choices(List.of(), false);
    /** Only the host's paths. */
    static final Choices HOST_PATHS = new Choices(List.of(), true);

    /** Copies the list. */
    public Choices {
        list = List.copyOf(list);
    }

    /** @return the kernel's choices alone */
    static Choices of(List<Choice> list) {
        return new Choices(list, false);
    }

    /**
     * One word Tab may put in.
     *
     * @param value the whole word, as it goes on the command line
     * @param display what the list of choices shows: the last part of a path, or the value
     * @param description what it is, shown beside it, or {@code null}
     * @param spaceAfter whether the word is finished, so that a space follows it: not for a directory
     *        ({@code /proc/vmware/}) or a parameter's name ({@code debug=}), which go on
     */
    public record Choice(String value, String display, String description, boolean spaceAfter) {

        /** A finished word, shown as it is. */
        static Choice word(String value, String description) {
            return new Choice(value, value, description, true);
        }
    }
}
