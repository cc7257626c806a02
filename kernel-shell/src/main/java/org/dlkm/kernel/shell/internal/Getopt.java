package org.dlkm.kernel.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Command-line options as getopt(3) reads them, so that the seeds' commands take what their manuals allow:
 * clustered flags ({@code -ev} is {@code -e -v}), an option's argument attached or in the next word ({@code -d0:12}
 * or {@code -d 0:12}), options in any order ({@code kmadmin -n -L e100} is {@code kmadmin -L -n e100}) and, as GNU
 * getopt does, after operands too, unless the command takes its options first; {@code --} ends the options. Long options ({@code --list}) map to short ones.
 *
 * <p>The option string lists the option letters; a letter followed by {@code :} takes an argument. Stateless; safe
 * from any thread.
 */
final class Getopt {

    /** One option as given, with its argument if it takes one. */
    record Option(char letter, String argument) {
    }

    /** What a command line holds: its options in order, and its operands in order. */
    record Parsed(List<Option> options, List<String> operands) {

        /** @return whether the option was given */
        boolean has(char letter) {
            return options.stream().anyMatch(o -> o.letter() == letter);
        }

        /** @return the argument of the option's last occurrence */
        Optional<String> last(char letter) {
            String found = null;
            for (Option o : options) {
                if (o.letter() == letter) {
                    found = o.argument();
                }
            }
            return Optional.ofNullable(found);
        }

        /** @return the arguments of every occurrence of the option, in order */
        List<String> all(char letter) {
            List<String> found = new ArrayList<>();
            for (Option o : options) {
                if (o.letter() == letter) {
                    found.add(o.argument());
                }
            }
            return found;
        }

        /** @return the option letters given, in order, without repeats, as {@code -L -n} */
        String letters() {
            StringBuilder sb = new StringBuilder();
            for (Option o : options) {
                if (sb.indexOf("-" + o.letter()) < 0) {
                    sb.append(sb.length() == 0 ? "" : " ").append('-').append(o.letter());
                }
            }
            return sb.toString();
        }
    }

    /** A command line that getopt refuses: an unknown option, or an option without its argument. */
    static final class BadOption extends Exception {
        private static final long serialVersionUID = 1L;

        BadOption(String message) {
            super(message);
        }
    }

    private Getopt() {
    }

    /**
     * @param optstring the option letters, each followed by {@code :} if it takes an argument
     * @param longOptions long names ({@code list}) and the letters they stand for
     * @param argumentNames what each argument is called in messages ({@code 'd'} to {@code <bus:slot>})
     * @throws BadOption naming the option and what is wrong
     */
    static Parsed parse(String optstring, Map<String, Character> longOptions, Map<Character, String> argumentNames,
            String... args) throws BadOption {
        return parse(true, optstring, longOptions, argumentNames, args);
    }

    /**
     * As {@link #parse(String, Map, Map, String...)}, but options end at the first operand, as POSIX getopt and the
     * ESX manual's {@code vmkload_mod <options> <module-binary> <module-tag> <parameters>} have it.
     */
    static Parsed parseOptionsFirst(String optstring, Map<String, Character> longOptions,
            Map<Character, String> argumentNames, String... args) throws BadOption {
        return parse(false, optstring, longOptions, argumentNames, args);
    }

    private static Parsed parse(boolean permute, String optstring, Map<String, Character> longOptions,
            Map<Character, String> argumentNames, String... args) throws BadOption {
        List<Option> options = new ArrayList<>();
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--") || (!permute && !operands.isEmpty())) {
                int from = a.equals("--") ? i + 1 : i;
                for (int j = from; j < args.length; j++) {
                    operands.add(args[j]);
                }
                break;
            }
            if (a.startsWith("--")) {
                Character letter = longOptions.get(a.substring(2));
                if (letter == null) {
                    throw new BadOption("unknown option '" + a + "'");
                }
                if (takesArgument(optstring, letter)) {
                    if (i + 1 == args.length) {
                        throw missing(a, letter, argumentNames);
                    }
                    options.add(new Option(letter, args[++i]));
                } else {
                    options.add(new Option(letter, null));
                }
                continue;
            }
            if (!a.startsWith("-") || a.length() == 1) {
                operands.add(a);
                continue;
            }
            for (int k = 1; k < a.length(); k++) {
                char letter = a.charAt(k);
                if (letter == ':' || optstring.indexOf(letter) < 0) {
                    throw new BadOption("unknown option '-" + letter + "'");
                }
                if (!takesArgument(optstring, letter)) {
                    options.add(new Option(letter, null));
                    continue;
                }
                if (k + 1 < a.length()) {
                    options.add(new Option(letter, a.substring(k + 1)));
                } else if (i + 1 < args.length) {
                    options.add(new Option(letter, args[++i]));
                } else {
                    throw missing("-" + letter, letter, argumentNames);
                }
                break;
            }
        }
        return new Parsed(List.copyOf(options), List.copyOf(operands));
    }

    private static boolean takesArgument(String optstring, char letter) {
        int at = optstring.indexOf(letter);
        return at >= 0 && at + 1 < optstring.length() && optstring.charAt(at + 1) == ':';
    }

    private static BadOption missing(String given, char letter, Map<Character, String> argumentNames) {
        return new BadOption(given + " without " + argumentNames.getOrDefault(letter, "its argument"));
    }
}
