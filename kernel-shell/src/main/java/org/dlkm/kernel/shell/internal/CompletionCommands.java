package org.dlkm.kernel.shell.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.device.DeviceService;
import org.dlkm.kernel.proc.ProcTree;
import org.dlkm.kernel.vm.VirtualMachines;
import org.dlkm.kernel.vm.VmInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Tab completion of the dlkm commands in gogo.jline's interactive shell, through Gogo's own mechanism: the shell
 * profile calls {@code __complete_setup} once, which declares every dlkm command to gogo.jline's {@code complete}
 * builtin (its one-line description, its options, and a function for its arguments); for an argument, gogo.jline's
 * completer runs that function, which the profile defines over {@code __complete_arguments}. The names begin with
 * {@code __}, as Gogo's own completion functions do ({@code __files}): the shell offers no such name as a command,
 * and {@code help} lists none.
 *
 * <p>Threading: stateless apart from the kernel's services; the functions run on the shell's thread, the first when
 * the profile is sourced, the second while the shell reads a line.
 */
@Component(service = CompletionCommands.class, property = {
        "osgi.command.scope=dlkm",
        "osgi.command.function=" + CompletionCommands.SETUP,
        "osgi.command.function=" + CompletionCommands.ARGUMENTS })
@Descriptor("Tab completion of the dlkm commands (called by the shell profile)")
public final class CompletionCommands {
    static final String SETUP = "__complete_setup";
    static final String ARGUMENTS = "__complete_arguments";
    /** gogo.jline's builtin that declares a command's completions. */
    static final String COMPLETE = "gogo:complete";
    /** The session variable Gogo lists the registered commands in. */
    private static final String COMMANDS = ".commands";

    private final ArgumentCompletion arguments;

    /** Creates the functions over the kernel's services. */
    @Activate
    public CompletionCommands(@Reference KernelService kernel, @Reference ModuleCatalog catalog,
            @Reference DeviceService devices, @Reference ProcTree proc, @Reference VirtualMachines vms,
            @Reference ShellFiles files) {
        this.arguments = new ArgumentCompletion(kernel, catalog, devices, proc, new ArgumentCompletion.Machines() {
            @Override
            public List<String> registered() {
                try {
                    return vms.registered().stream().map(files::display).toList();
                } catch (KernelException e) {
                    return List.of(); // Tab offers nothing rather than an error
                }
            }

            @Override
            public List<VmInfo> running() {
                return vms.running();
            }
        });
    }

    /**
     * Declares the dlkm commands' completions in the session's shell: for each command and each absolute path the
     * manuals give it, its description, its options, and {@code argumentFunction} for its arguments.
     *
     * @param argumentFunction the Gogo function that completes an argument, as {@code complete -a} takes it
     * @throws IllegalStateException when gogo.jline's {@code complete} is not there
     */
    @Descriptor("declare the dlkm commands' completions to gogo.jline's complete (the shell profile calls it)")
    public void __complete_setup(CommandSession session,
            @Descriptor("the function that completes an argument") String argumentFunction) throws Exception {
        Object complete = session.get(COMPLETE);
        if (!(complete instanceof Function function)) {
            throw new IllegalStateException("dlkm: no Tab completion of the dlkm commands: " + COMPLETE
                    + " is missing, and with it gogo.jline's interactive shell");
        }
        Collection<?> registered = session.get(COMMANDS) instanceof Collection<?> c ? c : List.of();
        for (CommandGuide.Command command : CommandGuide.commands()) {
            for (String name : names(command.name(), registered)) {
                declare(function, session, name, command.summary(), command.options(), argumentFunction);
            }
        }
        for (String notYet : SeedCommandNames.NOT_YET) {
            for (String name : names(notYet, List.of())) {
                declare(function, session, name, "not available yet", List.of(), null);
            }
        }
    }

    /**
     * @param words the command line's words ({@code ParsedLine.words()})
     * @param index the word to complete ({@code ParsedLine.wordIndex()})
     * @return what may go in that word
     */
    @Descriptor("what Tab offers for an argument of a dlkm command (the shell profile calls it)")
    public Choices __complete_arguments(@Descriptor("the command line's words") List<String> words,
            @Descriptor("the index of the word to complete") int index) {
        return arguments.complete(words, index);
    }

    /**
     * The names gogo.jline's completer may look the command's completions up by: its scoped name, those of the
     * manuals' absolute paths for it, and those of the commands it hides in other scopes ({@code gogo:cat},
     * {@code felix:ls}). gogo.jline 1.1.8 resolves a name through the scope path {@code dlkm:*} by its last part,
     * {@code *}, so {@code cat} may be looked up as {@code gogo:cat} although {@code dlkm:cat} runs.
     */
    private static List<String> names(String command, Collection<?> registered) {
        List<String> names = new ArrayList<>();
        names.add("dlkm:" + command);
        CommandGuide.paths(command).forEach(path -> names.add("dlkm:" + path));
        for (Object other : registered) {
            String name = String.valueOf(other);
            if (name.endsWith(":" + command) && !name.startsWith("dlkm:")) {
                names.add(name);
            }
        }
        return names;
    }

    private static void declare(Function complete, CommandSession session, String name, String summary,
            List<CommandGuide.Option> options, String argumentFunction) throws Exception {
        if (!(session.get(name) instanceof Function)) {
            return; // not registered: exit, which the profile defines, or a command whose component is not active
        }
        run(complete, session, "-c", name, "-e");
        run(complete, session, "-c", name, "-d", summary);
        for (CommandGuide.Option option : options) {
            List<String> args = new ArrayList<>(List.of("-c", name, "-s", String.valueOf(option.letter())));
            if (option.longName() != null) {
                args.addAll(List.of("-l", option.longName()));
            }
            args.addAll(List.of("-d", option.description()));
            run(complete, session, args.toArray(String[]::new));
        }
        if (argumentFunction != null) {
            run(complete, session, "-c", name, "-a", argumentFunction);
        }
    }

    private static void run(Function complete, CommandSession session, String... args) throws Exception {
        complete.execute(session, new ArrayList<>(List.of(args)));
    }
}
