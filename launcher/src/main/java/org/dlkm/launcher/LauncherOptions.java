package org.dlkm.launcher;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The launcher's command line.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param home kernel home as given, relative to the working directory unless absolute
 * @param hardware hardware description file as given; empty means the embedded machine
 * @param script the {@code -c} commands; empty means read commands from standard input or, on a
 *     terminal, start the interactive shell
 * @param stopOnFailure {@code -e}: stop at the first failing command
 * @param trace {@code -x}: print each command of a script after the prompt before running it, so that the
 *     output reads like a transcript of an interactive session
 * @param verbose {@code -v}: show framework messages and stack traces
 * @param help {@code -h}/{@code --help}: print the usage and exit
 * @param command what to do: a shell session (the default), start the kernel in the background, stop it
 * @param kernel {@code --kernel FILE}: a kernel file to boot instead of {@code stand/vmunix}; empty for that one
 */
record LauncherOptions(Path home, Optional<Path> hardware, Optional<String> script, boolean stopOnFailure,
        boolean trace, boolean verbose, boolean help, Command command, Optional<Path> kernel) {

    /** Options without {@code --kernel}. */
    LauncherOptions(Path home, Optional<Path> hardware, Optional<String> script, boolean stopOnFailure,
            boolean trace, boolean verbose, boolean help, Command command) {
        this(home, hardware, script, stopOnFailure, trace, verbose, help, command, Optional.empty());
    }

    /** What the launcher does. */
    enum Command {
        /** run the interactive shell or a script in the home's kernel (booting a private one if none runs) */
        SHELL,
        /** {@code --daemon}: boot the home's kernel in the background and return once it runs */
        DAEMON,
        /** {@code --stop}: stop the home's running kernel */
        STOP,
        /**
         * {@value #KERNEL_OPTION}, not for administrators: be the kernel a {@code --daemon} starts, its console
         * the home's log
         */
        KERNEL;

        static final String KERNEL_OPTION = "--kernel-process";
    }

    static final Path DEFAULT_HOME = Path.of("var");

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: dlkm [--home DIR] [--hardware FILE] [--kernel FILE] [-e] [-x] [-v] [-c 'command; command...']",
            "       dlkm [--home DIR] [--hardware FILE] [--kernel FILE] [-v] --daemon",
            "       dlkm [--home DIR] --stop",
            "  --home DIR       kernel home (default ./var)",
            "  --hardware FILE  hardware description file (default: the embedded example machine)",
            "  --kernel FILE    boot this kernel file instead of stand/vmunix (as HP-UX's boot prompt does)",
            "  --daemon         boot the home's kernel in the background; print its process ID once it runs",
            "  --stop           stop the home's running kernel (every module unloaded, newest first)",
            "  -c COMMANDS      run the commands, separated by ';', then exit",
            "  -e               stop at the first failing command",
            "  -x               print each command after the prompt '" + ScriptRunner.PROMPT + "' before running it",
            "  -v               show framework messages and stack traces",
            "  -h, --help       show this help",
            "Without -c, commands are read one per line from standard input when it is not a terminal;",
            "on a terminal the interactive shell starts. Commands run in the kernel already running on the",
            "home when there is one; else dlkm boots one for its session, which others may attach to too.",
            "");

    /**
     * Parses the command line. Long options take their value as the next argument or after
     * {@code =}; short flags may be bundled ({@code -ev}), and {@code -c} takes the rest of its
     * bundle or the next argument as its value, like getopt.
     *
     * @throws UsageException naming the offending argument
     */
    static LauncherOptions parse(String... args) throws UsageException {
        Parser parser = new Parser(args);
        parser.parse();
        parser.checkCommand();
        return new LauncherOptions(parser.home == null ? DEFAULT_HOME : parser.home,
                Optional.ofNullable(parser.hardware), Optional.ofNullable(parser.script),
                parser.stopOnFailure, parser.trace, parser.verbose, parser.help, parser.command,
                Optional.ofNullable(parser.kernel));
    }

    /** One pass over the arguments; holds the values seen so far. */
    private static final class Parser {
        private final String[] args;
        private int next;
        private Path home;
        private Path hardware;
        private Path kernel;
        private String script;
        private boolean stopOnFailure;
        private boolean trace;
        private boolean verbose;
        private boolean help;
        private Command command = Command.SHELL;

        Parser(String[] args) {
            this.args = args.clone();
        }

        void parse() throws UsageException {
            while (next < args.length) {
                String arg = args[next++];
                if (arg.equals("--")) {
                    if (next < args.length) {
                        throw unexpected(args[next]);
                    }
                } else if (arg.startsWith("--")) {
                    longOption(arg);
                } else if (arg.startsWith("-") && arg.length() > 1) {
                    shortOptions(arg);
                } else {
                    throw unexpected(arg);
                }
            }
        }

        private void longOption(String arg) throws UsageException {
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            String inline = equals < 0 ? null : arg.substring(equals + 1);
            switch (name) {
                case "--home" -> home = path(name, value(name, inline, "a directory"));
                case "--hardware" -> hardware = path(name, value(name, inline, "a file"));
                case "--kernel" -> kernel = path(name, value(name, inline, "a kernel file"));
                case "--help" -> help = flag(name, inline);
                case "--daemon" -> setCommand(name, inline, Command.DAEMON);
                case "--stop" -> setCommand(name, inline, Command.STOP);
                case Command.KERNEL_OPTION -> setCommand(name, inline, Command.KERNEL);
                default -> throw new UsageException("unknown option '" + name + "'");
            }
        }

        private void shortOptions(String arg) throws UsageException {
            for (int i = 1; i < arg.length(); i++) {
                char flag = arg.charAt(i);
                switch (flag) {
                    case 'e' -> stopOnFailure = true;
                    case 'x' -> trace = true;
                    case 'v' -> verbose = true;
                    case 'h' -> help = true;
                    case 'c' -> {
                        String rest = arg.substring(i + 1);
                        setScript(value("-c", rest.isEmpty() ? null : rest, "the commands to run"));
                        return;
                    }
                    default -> throw new UsageException("unknown option '-" + flag + "'");
                }
            }
        }

        private static boolean flag(String option, String inline) throws UsageException {
            if (inline != null) {
                throw new UsageException("option " + option + " takes no value");
            }
            return true;
        }

        private void setCommand(String option, String inline, Command chosen) throws UsageException {
            flag(option, inline);
            if (command != Command.SHELL && command != chosen) {
                throw new UsageException("options --daemon and --stop exclude each other");
            }
            command = chosen;
        }

        /** --daemon and --stop run no commands of their own, and --stop boots nothing. */
        void checkCommand() throws UsageException {
            if (command == Command.SHELL) {
                return;
            }
            String option = command == Command.STOP ? "--stop" : "--daemon";
            if (script != null || stopOnFailure || trace) {
                throw new UsageException("option " + option + " runs no commands: leave out -c, -e and -x, and run"
                        + " them in the kernel with another dlkm");
            }
            if (command == Command.STOP && kernel != null) {
                throw new UsageException("option --stop takes no --kernel: it stops the kernel that runs");
            }
            if (command == Command.STOP && hardware != null) {
                throw new UsageException("option --stop takes no --hardware: it stops the kernel that runs");
            }
        }

        private void setScript(String commands) throws UsageException {
            if (script != null) {
                throw new UsageException("option -c given twice: put all the commands in one -c, separated by ';'");
            }
            script = commands;
        }

        private String value(String option, String inline, String what) throws UsageException {
            if (inline != null) {
                return inline;
            }
            if (next >= args.length) {
                throw new UsageException("option " + option + " needs " + what);
            }
            return args[next++];
        }

        private static Path path(String option, String value) throws UsageException {
            if (value.isBlank()) {
                throw new UsageException("option " + option + " needs a non-empty path");
            }
            try {
                return Path.of(value);
            } catch (java.nio.file.InvalidPathException e) {
                throw new UsageException("option " + option + ": '" + value + "' is not a valid path: " + e.getReason());
            }
        }

        private static UsageException unexpected(String arg) {
            return new UsageException("unexpected argument '" + arg + "': commands go in -c '...' or on standard input");
        }
    }
}
