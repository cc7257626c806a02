package org.dlkm.kernel.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.catalog.CatalogEntry;
import org.dlkm.kernel.catalog.ModuleCatalog;
import org.junit.jupiter.api.Test;

/** The command-line refusals of kmadmin, kmsystem and kminstall: each is EINVAL, names the problem, and asks nothing of the kernel. */
class HpuxCommands_UsageTest {

    /** A catalog that records every call; the usage refusals must make none. */
    private static final class RecordingCatalog implements ModuleCatalog {
        final List<String> calls = new ArrayList<>();

        @Override
        public List<CatalogEntry> entries() {
            calls.add("entries");
            return List.of();
        }

        @Override
        public Optional<CatalogEntry> entry(String name) {
            calls.add("entry " + name);
            return Optional.empty();
        }

        @Override
        public CatalogEntry install(Path jar) throws KernelException {
            calls.add("install " + jar);
            throw new KernelException(Errno.ENOENT, "not used");
        }

        @Override
        public CatalogEntry update(Path jar) throws KernelException {
            calls.add("update " + jar);
            throw new KernelException(Errno.ENOENT, "not used");
        }

        @Override
        public void remove(String name) throws KernelException {
            calls.add("remove " + name);
            throw new KernelException(Errno.ENOENT, "not used");
        }

        @Override
        public CatalogEntry setConfigure(String name, boolean configure) throws KernelException {
            calls.add("configure " + name);
            throw new KernelException(Errno.ENOENT, "not used");
        }

        @Override
        public CatalogEntry setLoadable(String name, boolean loadable) throws KernelException {
            calls.add("loadable " + name);
            throw new KernelException(Errno.ENOENT, "not used");
        }
    }

    private final FakeKernel kernel = new FakeKernel();
    private final RecordingCatalog catalog = new RecordingCatalog();

    private String kmadminRefuses(String... args) {
        CommandFailure f = assertThrows(CommandFailure.class, () -> new Kmadmin(kernel, catalog).run(args));
        assertEquals(Errno.EINVAL, f.errno());
        assertTrue(kernel.loads.isEmpty() && kernel.unloads.isEmpty() && catalog.calls.isEmpty());
        return f.getMessage();
    }

    private String kmsystemRefuses(String... args) {
        CommandFailure f = assertThrows(CommandFailure.class, () -> new Kmsystem(catalog, null).run(args));
        assertEquals(Errno.EINVAL, f.errno());
        assertTrue(catalog.calls.isEmpty());
        return f.getMessage();
    }

    private String kminstallRefuses(String... args) {
        CommandFailure f = assertThrows(CommandFailure.class, () -> new Kminstall(catalog).run(null, args));
        assertEquals(Errno.EINVAL, f.errno());
        assertTrue(catalog.calls.isEmpty());
        return f.getMessage();
    }

    @Test
    void kmadminWithoutAnOptionIsAUsageError() {
        assertTrue(kmadminRefuses().startsWith("kmadmin: an option is required\nUsage: kmadmin -L"));
    }

    @Test
    void kmadminNamesAnUnknownOption() {
        assertTrue(kmadminRefuses("-X").startsWith("kmadmin: unknown option '-X'"));
    }

    @Test
    void kmadminOptionsThatTakeAnOperandSayWhichIsMissing() {
        assertTrue(kmadminRefuses("-L").startsWith("kmadmin: -L needs a module_name"));
        assertTrue(kmadminRefuses("-u").startsWith("kmadmin: -u needs a module_id"));
        assertTrue(kmadminRefuses("-Q", "a", "b").startsWith("kmadmin: -Q takes one module_name"));
        assertTrue(kmadminRefuses("-s", "extra").startsWith("kmadmin: -s takes no operand"));
    }

    @Test
    void kmadminTakesTwoActionsAtOnceAsAUsageError() {
        assertTrue(kmadminRefuses("-L", "-U", "e100").startsWith("kmadmin: one of -L -U at a time"));
        assertTrue(kmadminRefuses("-Ls", "e100").startsWith("kmadmin: one of -L -s at a time"));
    }

    @Test
    void kmadminDashNGoesWithDashLOnly() {
        assertTrue(kmadminRefuses("-n", "e100").startsWith("kmadmin: -n goes with -L"));
        assertTrue(kmadminRefuses("-U", "-n", "e100").startsWith("kmadmin: -n goes with -L"));
    }

    @Test
    void kmadminReadsItsOptionsAsGetoptDoes() {
        Kmadmin kmadmin = new Kmadmin(kernel, catalog);
        for (String[] line : new String[][] {{"-n", "-L", "e100"}, {"-L", "-n", "e100"}, {"-nL", "e100"},
                {"-L", "e100", "-n"}}) {
            kmadmin.run(line);
        }
        assertEquals(List.of("e100", "e100", "e100", "e100"), kernel.plans);
        assertTrue(kernel.loads.isEmpty());
    }

    @Test
    void aModuleIdMustBeAPositiveNumber() {
        assertTrue(kmadminRefuses("-u", "0").contains("'0' is not a module ID"));
        assertTrue(kmadminRefuses("-q", "e100").contains("'e100' is not a module ID"));
    }

    @Test
    void aModuleIdIsWrittenInAsciiDigitsWithoutASign() {
        // "-3" is an option to getopt, as on HP-UX: kmadmin: unknown option '-3'
        assertTrue(kmadminRefuses("-u", "-3").startsWith("kmadmin: unknown option '-3'\n"));
        for (String id : new String[] {"٣", "３", "+3", "0x3", " 3"}) {
            assertEquals("kmadmin: '" + id + "' is not a module ID (a positive number in digits 0-9, as kmadmin -s"
                    + " shows) (EINVAL)", kmadminRefuses("-u", id), id);
            assertEquals("kmadmin: '" + id + "' is not a module ID (a positive number in digits 0-9, as kmadmin -s"
                    + " shows) (EINVAL)", kmadminRefuses("-q", id), id);
        }
    }

    @Test
    void kmsystemFlagsTakeYOrN() {
        assertTrue(kmsystemRefuses("-c", "maybe", "e100").contains("-c takes Y or N, not 'maybe'"));
        assertTrue(kmsystemRefuses("-l").contains("-l needs Y or N"));
    }

    @Test
    void kmsystemNeedsAModuleForFlagsAndOneModuleAtATime() {
        assertTrue(kmsystemRefuses("-c", "Y").contains("-c and -l need a module_name"));
        assertTrue(kmsystemRefuses("-c", "Y", "a", "b").contains("one module_name at a time"));
        assertTrue(kmsystemRefuses("e100").contains("nothing to set for e100"));
        assertTrue(kmsystemRefuses("-Z").contains("unknown option '-Z'"));
    }

    @Test
    void kminstallTakesOneOptionAndOneOperand() {
        assertTrue(kminstallRefuses().contains("an option and its operand are required"));
        assertTrue(kminstallRefuses("-a", "x.jar", "y.jar").contains("one option and one operand"));
        assertTrue(kminstallRefuses("-x", "e100").contains("unknown option '-x'"));
    }
}
