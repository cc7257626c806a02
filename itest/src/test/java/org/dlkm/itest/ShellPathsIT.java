package org.dlkm.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.dlkm.itest.modules.procwrite.ProcWriteModule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The shell's paths in a real Gogo session over the real kernel: {@code cd} and {@code pwd} in the kernel home's tree
 * through the seeds' absolute paths, {@code /proc} as the kernel's, and {@code echo "..." > /proc/...} writing a proc
 * entry as the ESX manuals do, refused with {@code EACCES} for a read-only entry and {@code ENOENT} for an absent one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellPathsIT extends KernelTestSupport {

    @Test
    public void cdAndPwdMoveInTheKernelHomeThroughTheSeedsPaths() throws Exception {
        Path home = Path.of(context.getProperty("dlkm.home"));
        Files.writeString(Files.createDirectories(home.resolve("stand/build")).resolve("system"), "* built\n");

        assertEquals("/stand/build", ok("cd /stand/build; pwd").trim());
        assertEquals("* built", ok("cd /stand/build; cat system").trim());
        assertEquals("/usr/conf/master.d", ok("cd /usr/conf/master.d; pwd").trim());
        assertTrue(ok("cd /usr/conf/master.d; cat e100").contains("e100 wsio_class"));
        assertEquals("/proc/vmware", ok("cd /proc/vmware; pwd").trim());
        assertTrue(ok("cd /proc/vmware; ls").contains("log"));
    }

    @Test
    public void echoWritesAProcEntryAsTheEsxManualsDo() throws Exception {
        ok("vmkload_mod " + TestModuleJar.build("procwrite", ProcWriteModule.class, "misc") + " procwrite");
        try {
            ok("echo \"104 nfshaper 1m 2m 160k\" > /proc/vmware/procwrite/ring");
            ok("cd /proc/vmware/procwrite; echo 105 second line >> ring");

            assertEquals("104 nfshaper 1m 2m 160k\n105 second line", ok("cat /proc/vmware/procwrite/ring").trim());
            assertEquals("echo: /proc/vmware/procwrite/ring: 'nfshaper 1m': a line starts with a virtual machine ID"
                    + " (EINVAL)", refused("echo nfshaper 1m > /proc/vmware/procwrite/ring"));
            assertEquals("104 nfshaper 1m 2m 160k\n105 second line", ok("cat /proc/vmware/procwrite/ring").trim());
        } finally {
            kernel.unload("procwrite");
        }
    }

    @Test
    public void aReadOnlyOrAbsentEntryIsRefusedAndTheCommandFails() {
        assertEquals("dlkm: /proc/pci: read-only proc entry (EACCES)", refused("echo x > /proc/pci"));
        assertEquals("dlkm: /proc/vmware/filters/xmitpull: no such file or directory in the kernel's proc tree"
                + " (ENOENT)", refused("echo \"104 nfshaper 1m 2m 160k\" > /proc/vmware/filters/xmitpull"));
        assertEquals("dlkm: /proc/vmware: is a directory of the kernel's proc tree, not an entry (EISDIR)",
                refused("echo x > /proc/vmware"));
    }

    @Test
    public void redirectionToAHostFileKeepsGogosMeaning() throws Exception {
        Path out = Files.createTempFile("dlkm-shell", ".txt");
        ok("echo written > " + out);

        assertEquals("written\n", Files.readString(out));
    }
}
