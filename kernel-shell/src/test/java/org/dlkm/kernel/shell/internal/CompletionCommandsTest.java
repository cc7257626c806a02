package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.felix.service.command.Function;
import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.dlkm.kernel.device.DeviceService;
import org.dlkm.kernel.proc.ProcTree;
import org.junit.jupiter.api.Test;

/**
 * The shell profile's completion setup declares every dlkm command to gogo.jline's {@code complete} (description,
 * options, argument function), under every name the completer may look it up by; and every command a dlkm component
 * registers is known to the guide that help and completion read.
 */
class CompletionCommandsTest {
    private final List<Object> declared = new ArrayList<>();
    private final CompletionCommands commands = new CompletionCommands(FakeSession.unused(KernelService.class),
            FakeSession.unused(ModuleCatalog.class), FakeSession.unused(DeviceService.class),
            FakeSession.unused(ProcTree.class), FakeSession.unused(org.dlkm.kernel.vm.VirtualMachines.class),
            new ShellFiles(java.nio.file.Path.of("var"), FakeSession.unused(ProcTree.class)));

    @Test
    void everyDlkmCommandIsDeclaredWithItsDescriptionOptionsAndArgumentFunction() throws Exception {
        commands.__complete_setup(shell().proxy(), "__dlkm_arguments");

        assertTrue(declared.contains(List.of("-c", "dlkm:kmadmin", "-e")), "erased first, as a profile sourced again");
        assertTrue(declared.contains(List.of("-c", "dlkm:kmadmin", "-d",
                "load, unload and query modules, with the modules they depend on")));
        assertTrue(declared.contains(List.of("-c", "dlkm:kmadmin", "-s", "L", "-d",
                "demand-load a module and what it depends on")));
        assertTrue(declared.contains(List.of("-c", "dlkm:vmkload_mod", "-s", "u", "-l", "unload", "-d",
                "unload a module")));
        assertTrue(declared.contains(List.of("-c", "dlkm:kmadmin", "-a", "__dlkm_arguments")));
        assertTrue(declared.contains(List.of("-c", "dlkm:mk_kernel", "-d",
                "build a kernel from a system file, verified by resolving it")));
    }

    @Test
    void theManualsAbsolutePathsAndTheCommandsDlkmHidesGetTheSameCompletions() throws Exception {
        commands.__complete_setup(shell().proxy(), "__dlkm_arguments");

        assertEquals(declarations("dlkm:kmadmin").size(), declarations("dlkm:/usr/sbin/kmadmin").size());
        assertTrue(declared.contains(List.of("-c", "dlkm:/usr/sbin/kmadmin", "-s", "U", "-d",
                "unload a module by name")));
        assertTrue(declared.contains(List.of("-c", "gogo:cat", "-a", "__dlkm_arguments")),
                "gogo.jline may look cat up as gogo:cat");
        assertTrue(declared.contains(List.of("-c", "felix:ls", "-a", "__dlkm_arguments")));
    }

    @Test
    void exitWhichTheProfileDefinesIsNoCommandToDeclare() throws Exception {
        commands.__complete_setup(shell().proxy(), "__dlkm_arguments");

        assertEquals(List.of(), declarations("dlkm:exit"));
    }

    @Test
    void withoutGogoJlinesCompleteTheSetupSaysWhatIsMissing() {
        FakeSession noShell = new FakeSession(Map.of(".commands", Set.of("dlkm:kmadmin")));

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> commands.__complete_setup(noShell.proxy(), "__dlkm_arguments"));
        assertTrue(failure.getMessage().contains("gogo:complete is missing"), failure.getMessage());
    }

    @Test
    void everyCommandADlkmComponentRegistersIsInTheGuideOrHidden() throws IOException {
        Set<String> functions = registeredFunctions();

        assertTrue(functions.containsAll(Set.of("kmadmin", "vmkload_mod", "help", CompletionCommands.SETUP)),
                functions.toString());
        for (String function : functions) {
            assertTrue(CommandGuide.find(function).isPresent() || HelpText.internal(function),
                    function + " is registered by a dlkm component but help and Tab know nothing of it: add it to"
                            + " CommandGuide");
        }
        for (String path : SeedCommandNames.PATHS.keySet()) {
            String command = SeedCommandNames.PATHS.get(path);
            assertTrue(CommandGuide.find(command).isPresent() || SeedCommandNames.NOT_YET.contains(command), path);
        }
        assertFalse(CommandGuide.commands().stream().anyMatch(c -> c.summary().length() > 80),
                "a summary fits on one line of help");
    }

    /** A shell session where gogo.jline's complete records what it is asked to declare. */
    private FakeSession shell() {
        Set<String> registered = new TreeSet<>(Set.of("gogo:cat", "felix:ls", "gogo:ls", "gogo:complete"));
        Map<String, Object> variables = new HashMap<>();
        Function command = FakeSession.function(new ArrayList<>());
        for (CommandGuide.Command c : CommandGuide.commands()) {
            if (!c.name().equals("exit")) {
                registered.add("dlkm:" + c.name());
            }
        }
        SeedCommandNames.PATHS.keySet().forEach(path -> registered.add("dlkm:" + path));
        SeedCommandNames.NOT_YET.forEach(name -> registered.add("dlkm:" + name));
        registered.forEach(name -> variables.put(name, command));
        variables.put(CompletionCommands.COMPLETE, FakeSession.function(declared));
        variables.put(".commands", registered);
        return new FakeSession(variables);
    }

    private List<Object> declarations(String name) {
        return declared.stream().filter(d -> ((List<?>) d).get(1).equals(name)).toList();
    }

    /** The functions the components register, read from the descriptions bnd wrote into target/classes. */
    private static Set<String> registeredFunctions() throws IOException {
        Path descriptions = Path.of("target/classes/OSGI-INF");
        assertTrue(Files.isDirectory(descriptions), "no component descriptions in " + descriptions.toAbsolutePath()
                + ": run the tests with Maven, after bnd-process");
        Pattern property = Pattern.compile("<property name=\"osgi.command.function\" type=\"String\""
                + "(?: value=\"([^\"]*)\"/>|>([^<]*)</property>)");
        Set<String> functions = new TreeSet<>();
        try (Stream<Path> files = Files.list(descriptions)) {
            for (Path file : files.toList()) {
                Matcher m = property.matcher(Files.readString(file));
                while (m.find()) {
                    String values = m.group(1) != null ? m.group(1) : m.group(2);
                    functions.addAll(List.of(values.strip().split("\\s+")));
                }
            }
        }
        return functions;
    }
}
