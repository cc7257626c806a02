package org.dlkm.kernel.shell.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.dlkm.kernel.Errno;
import org.osgi.service.component.annotations.Component;

/**
 * {@code help} in the dlkm shell, which wins over Gogo's own {@code help} because the shell's scope puts dlkm first:
 * the dlkm commands by group, one line each; {@code help CMD} prints the command's usage, the text it prints with a
 * usage error; {@code help -a} adds the other commands by scope. For a command that is not dlkm's ({@code help lb}),
 * Gogo's {@code gogo:help} says what it knows. Gogo's internal functions ({@code gogo:__files}) are never named.
 *
 * <p>Threading: stateless; any session's thread.
 */
@Component(service = HelpCommand.class, property = {
        "osgi.command.scope=dlkm",
        "osgi.command.function=help" })
@Descriptor("help on the dlkm commands")
public final class HelpCommand {
    static final String NAME = "help";
    /** The session variable Gogo lists the registered commands in. */
    private static final String COMMANDS = ".commands";
    /** Gogo's own help, for the commands that are not dlkm's. */
    private static final String GOGO_HELP = "gogo:help";

    /** {@code help}. */
    @Descriptor("list the dlkm commands by group, or print one command's usage")
    public String help(CommandSession session, @Descriptor("[-a] [COMMAND]") String... args) throws Exception {
        if (args.length == 0) {
            return HelpText.overview(commands(session));
        }
        if (args.length == 1 && (args[0].equals("-a") || args[0].equals("--all"))) {
            Collection<?> commands = commands(session);
            return HelpText.overview(commands) + "\n\n" + HelpText.others(commands);
        }
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            return CommandGuide.HELP_USAGE;
        }
        if (args.length != 1 || args[0].startsWith("-")) {
            throw new CommandFailure(NAME, Errno.EINVAL, "one command at a time, or -a\n" + CommandGuide.HELP_USAGE);
        }
        String name = args[0];
        Optional<String> usage = HelpText.usage(name);
        if (usage.isPresent()) {
            return usage.get();
        }
        if (!HelpText.internal(name) && gogoHelp(session, name)) {
            return null;
        }
        throw new CommandFailure(NAME, Errno.ENOENT, name + ": no such command; help lists the dlkm commands, help -a"
                + " all of them");
    }

    /** Gogo's help on a command that is not dlkm's, when there is such a command; it prints what it knows. */
    private static boolean gogoHelp(CommandSession session, String name) throws Exception {
        if (session == null || !(session.get(name.contains(":") ? name : "*:" + name) instanceof Function)
                || !(session.get(GOGO_HELP) instanceof Function help)) {
            return false;
        }
        help.execute(session, new ArrayList<>(List.of(name)));
        return true;
    }

    private static Collection<?> commands(CommandSession session) {
        return session != null && session.get(COMMANDS) instanceof Collection<?> commands ? commands : List.of();
    }
}
