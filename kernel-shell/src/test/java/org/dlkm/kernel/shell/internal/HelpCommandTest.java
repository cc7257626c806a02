package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.junit.jupiter.api.Test;

/** {@code help}: the dlkm commands by group, a command's usage, and never one of Gogo's internal functions. */
class HelpCommandTest {
    /** What Gogo lists in {@code .commands} in the running shell, in part. */
    private static final Set<String> REGISTERED = Set.of("dlkm:vmkload_mod", "dlkm:kmadmin", "dlkm:kmsystem",
            "dlkm:kminstall", "dlkm:scanpci", "dlkm:vmkdev", "dlkm:ls", "dlkm:cat", "dlkm:help", "dlkm:shutdown",
            "dlkm:reboot", "dlkm:kmtune", "dlkm:mk_kernel", "dlkm:system_prep", "dlkm:/usr/sbin/kmadmin",
            "dlkm:__complete_setup",
            "dlkm:__complete_arguments", "gogo:__files", "gogo:__directories", "gogo:__usage_completion", "gogo:echo",
            "gogo:help", "felix:lb", "felix:help", "scr:list");

    private final FakeSession session = new FakeSession(Map.of(".commands", REGISTERED));
    private final HelpCommand help = new HelpCommand();

    @Test
    void helpListsTheGroupsInOrderEachCommandOnOneLine() throws Exception {
        List<String> lines = List.of(help.help(session.proxy()).split("\n"));

        assertEquals("ESX Server: the VMkernel module loader", lines.get(0));
        assertTrue(lines.get(1).matches("  vmkload_mod  load, unload and list VMkernel modules.*"), lines.get(1));
        List<String> headings = lines.stream().filter(line -> !line.isEmpty() && !line.startsWith(" ")).toList();
        assertEquals(List.of("ESX Server: the VMkernel module loader", "HP-UX: dynamically loadable kernel modules",
                "Devices", "The proc tree and files", "The session and the kernel"), headings.subList(0, 5));
        for (String command : List.of("kmadmin", "kmsystem", "kminstall", "kmtune", "system_prep", "mk_kernel",
                "config", "kmupdate", "scanpci", "vmkdev", "ls", "cat", "help",
                "exit", "shutdown", "reboot")) {
            assertEquals(1, lines.stream().filter(line -> line.startsWith(String.format("  %-12s ", command))).count(),
                    command + " in\n" + String.join("\n", lines));
        }
        assertTrue(lines.stream().noneMatch(line -> line.contains("not available yet")), String.join("\n", lines));
    }

    @Test
    void helpNeverNamesGogosInternalFunctions() throws Exception {
        String all = help.help(session.proxy(), "-a");

        assertFalse(all.contains("__"), all);
        assertTrue(all.contains("  felix  help, lb"), all);
        assertTrue(all.contains("  gogo   echo, help"), all);
        assertThrows(CommandFailure.class, () -> help.help(session.proxy(), "__files"));
        assertThrows(CommandFailure.class, () -> help.help(session.proxy(), "gogo:__files"));
    }

    @Test
    void helpOfACommandIsTheUsageItPrintsWithAUsageError() throws Exception {
        FakeKernel kernel = new FakeKernel();
        assertUsage(Kmadmin.USAGE, () -> new Kmadmin(kernel, null).run());
        assertUsage(VmkloadMod.USAGE, () -> new VmkloadMod(kernel).run("-x"));
        assertUsage(Kmsystem.USAGE, () -> new Kmsystem(null, null).run("-x"));
        assertUsage(Kminstall.USAGE, () -> new Kminstall(null).run(null));
        assertUsage(Shutdown.USAGE, () -> Shutdown.shutdown());
        assertUsage(VmkernelCommands.VMKDEV_USAGE, () -> new VmkernelCommands(kernel, null, FakeSession.unused(ModuleCatalog.class), null).vmkdev("-x"));
        assertUsage(ProcCommands.CAT_USAGE, () -> new ProcCommands(null).cat(null));
        assertUsage(DirectoryCommands.CD_USAGE, () -> new DirectoryCommands(null, null).cd(null, "a", "b"));

        assertEquals(Kmadmin.USAGE, help.help(session.proxy(), "kmadmin"));
        assertEquals(Kmadmin.USAGE, help.help(session.proxy(), "/usr/sbin/kmadmin"));
        assertEquals(Kmadmin.USAGE, help.help(session.proxy(), "dlkm:kmadmin"));
        assertEquals(VmkloadMod.USAGE, help.help(session.proxy(), "vmkload_mod"));
        assertEquals(KernelBuild.MK_KERNEL_USAGE, help.help(session.proxy(), "mk_kernel"));
        assertEquals(Kmtune.USAGE, help.help(session.proxy(), "kmtune"));
    }

    @Test
    void helpOfAnotherScopesCommandIsGogosHelp() throws Exception {
        List<Object> asked = new ArrayList<>();
        FakeSession withGogo = new FakeSession(Map.of(".commands", REGISTERED, "*:lb", FakeSession.function(asked),
                "gogo:help", FakeSession.function(asked)));

        assertEquals(null, help.help(withGogo.proxy(), "lb"));
        assertEquals(List.of(List.of("lb")), asked);
    }

    @Test
    void helpOfNoCommandSaysSoWithENOENT() {
        CommandFailure failure = assertThrows(CommandFailure.class, () -> help.help(session.proxy(), "kmadmn"));

        assertEquals(Errno.ENOENT, failure.errno());
        assertEquals("help: kmadmn: no such command; help lists the dlkm commands, help -a all of them (ENOENT)",
                failure.getMessage());
    }

    @Test
    void theGuideOffersTheOptionsGetoptReads() {
        assertEquals(letters(VmkloadMod.OPTIONS), letters(CommandGuide.find("vmkload_mod").orElseThrow()));
        assertEquals(letters(Kmadmin.OPTIONS), letters(CommandGuide.find("kmadmin").orElseThrow()));
        assertEquals(letters(Kminstall.OPTIONS), letters(CommandGuide.find("kminstall").orElseThrow()));
        List<CommandGuide.Option> vmkloadMod = CommandGuide.find("vmkload_mod").orElseThrow().options();
        VmkloadMod.LONG_OPTIONS.forEach((longName, letter) -> assertTrue(vmkloadMod.stream()
                .anyMatch(o -> o.letter() == letter && longName.equals(o.longName())), "--" + longName));
    }

    /** The option letters of a getopt string, sorted. */
    private static String letters(String getopt) {
        char[] letters = getopt.replace(":", "").toCharArray();
        java.util.Arrays.sort(letters);
        return new String(letters);
    }

    /** The option letters the guide offers for a command, sorted. */
    private static String letters(CommandGuide.Command command) {
        return letters(command.options().stream().map(o -> String.valueOf(o.letter())).reduce("", String::concat));
    }

    private static void assertUsage(String usage, org.junit.jupiter.api.function.Executable usageError) {
        CommandFailure failure = assertThrows(CommandFailure.class, usageError);
        assertTrue(failure.getMessage().endsWith(usage + " (EINVAL)") || failure.getMessage().endsWith(": " + usage
                + " (EINVAL)"), failure.getMessage());
    }
}
