package org.dlkm.kernel.runtime.internal.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmListTest {
    @TempDir
    Path home;

    private Path file() {
        return home.resolve("etc/vmware/vm-list");
    }

    @Test
    void anAbsentListHasNoMachinesAndAddingWritesItInRegistrationOrder() throws Exception {
        VmList list = new VmList(file());
        assertEquals(List.of(), list.paths());
        Path b = home.resolve("vmfs/b/b.vmx");
        Path a = home.resolve("vmfs/a/a.vmx");
        list.add(b);
        list.add(a);
        assertEquals("# virtual machines registered with vmware-cmd -s register\nconfig \"" + b + "\"\nconfig \"" + a
                + "\"\n", Files.readString(file()));
        assertEquals(List.of(b, a), new VmList(file()).paths());
        list.remove(b);
        assertEquals(List.of(a), new VmList(file()).paths());
    }

    @Test
    void aLineThatIsNotConfigOfAnAbsolutePathIsRefusedWithTheFileAndLine() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "# list\nconfig \"relative/vm.vmx\"\n");
        KernelException e = assertThrows(KernelException.class, () -> new VmList(file()));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(file() + ":2: the path relative/vm.vmx is not absolute", e.getMessage());

        Files.writeString(file(), "vm1.vmx\n");
        assertEquals(file() + ":1: expected config \"PATH\", found 'vm1.vmx'",
                assertThrows(KernelException.class, () -> new VmList(file())).getMessage());
    }

    @Test
    void aFailedWriteLeavesTheListAsItWas() throws Exception {
        VmList list = new VmList(file());
        Path a = home.resolve("vmfs/a/a.vmx");
        list.add(a);
        Files.delete(file());
        Files.delete(file().getParent());
        Files.writeString(file().getParent(), "a file where the directory was");
        KernelException e = assertThrows(KernelException.class, () -> list.add(home.resolve("vmfs/b/b.vmx")));
        assertEquals(Errno.EIO, e.errno());
        assertEquals(List.of(a), list.paths());
    }
}
