package org.dlkm.kernel.runtime.internal.sign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.runtime.internal.tune.KernelLimits;

/**
 * Module signing, on-only: while the kernel tunable {@code module_sig_enforce} is 1 in the running kernel, a module
 * jar that {@code kminstall -a}/{@code -u}, hot deployment or {@code vmkload_mod} of a path would take must be signed
 * (standard jar signing, {@code jarsigner}) by a key whose certificate is in the home's trust store
 * ({@code etc/keys}, {@link TrustStore}); the verification itself is {@link SignedJar}'s. Registered images and the
 * shipped modules registered at the first boot are not checked again: they are the kernel's own.
 *
 * <p>A refusal is {@code EPERM}, as Linux refuses an unsigned module under {@code module.sig_enforce} with a
 * permission error ({@code EKEYREJECTED}, which has no counterpart here): the jar is sound, the policy does not
 * permit it. It names the jar and the reason, and the caller has changed nothing yet.
 *
 * <p>Threading: safe from any thread; each check reads the tunable, the trust store and the jar afresh, with no lock.
 */
public final class ModuleSignatures {
    /** Checks nothing: for catalogs and tests that run without the kernel's tunables. */
    public static final ModuleSignatures NOT_ENFORCED = new ModuleSignatures(() -> false, Path.of("etc", "keys"));

    private final BooleanSupplier enforced;
    private final Path trustStore;

    /**
     * @param limits the running kernel's tunables; a kernel master file that predates {@code module_sig_enforce}
     *        declares none, and such a kernel does not enforce
     * @param trustStore the home's trust store directory, {@code etc/keys}
     */
    public ModuleSignatures(KernelLimits limits, Path trustStore) {
        this(() -> {
            try {
                return limits.get(KernelLimits.MODULE_SIG_ENFORCE) != 0;
            } catch (IllegalArgumentException undeclared) {
                return false;
            }
        }, trustStore);
    }

    ModuleSignatures(BooleanSupplier enforced, Path trustStore) {
        this.enforced = enforced;
        this.trustStore = trustStore;
    }

    /** @return whether the running kernel enforces module signatures */
    public boolean enforced() {
        return enforced.getAsBoolean();
    }

    /**
     * Checks a module jar if the running kernel enforces signatures; does nothing if not.
     *
     * @param jar the jar about to be registered or loaded
     * @throws KernelException {@code EPERM} naming the jar and why it is refused; {@code ENOENT} if there is no such
     *         file; {@code ENOEXEC} if it cannot be read as a jar
     */
    public void check(Path jar) throws KernelException {
        if (enforced()) {
            verify(jar, jar.toAbsolutePath().normalize());
        }
    }

    /**
     * A jar as checked: the file to read and register, which is, while signatures are enforced, a private copy made
     * before the check, so that the jar registered is the jar checked whatever happens to the original meanwhile.
     * Closing it deletes the copy.
     *
     * @param file what to read and register
     * @param copy the private copy, or null when the jar itself is read (signatures not enforced)
     */
    public record Checked(Path file, Path copy) implements AutoCloseable {
        @Override
        public void close() {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException e) {
                    // a hidden temporary file, which the next boot's check removes
                }
            }
        }
    }

    /**
     * Checks a module jar if the running kernel enforces signatures, on a private copy that the caller then registers.
     *
     * @param jar the jar about to be registered
     * @param scratch where the copy is made: a directory of the kernel home whose boot-time check removes hidden
     *     temporary files ({@code .<name>.<random>.tmp}) a crash leaves
     * @return the file to read and register; close it when done
     * @throws KernelException as {@link #check}; the copy is gone then
     */
    public Checked checked(Path jar, Path scratch) throws KernelException {
        Path original = jar.toAbsolutePath().normalize();
        if (!enforced()) {
            return new Checked(original, null);
        }
        if (!Files.isRegularFile(original)) {
            throw new KernelException(Errno.ENOENT, original + ": no such module binary");
        }
        Path copy = scratch.resolve("." + original.getFileName() + "." + Long.toHexString(
                ThreadLocalRandom.current().nextLong()) + ".tmp");
        Checked checked = new Checked(copy, copy);
        try {
            Files.createDirectories(scratch);
            Files.copy(original, copy);
            verify(original, copy);
            return checked;
        } catch (IOException e) {
            checked.close();
            throw new KernelException(Errno.EIO, original + ": cannot copy it to check its signature: "
                    + e.getMessage(), e);
        } catch (KernelException | RuntimeException e) {
            checked.close();
            throw e;
        }
    }

    /**
     * @param jar the jar as named in refusals
     * @param file what is read: the jar, or a private copy of it
     */
    private void verify(Path jar, Path file) throws KernelException {
        if (!Files.isRegularFile(file)) {
            throw new KernelException(Errno.ENOENT, jar.toAbsolutePath().normalize() + ": no such module binary");
        }
        try {
            TrustStore trust = TrustStore.read(trustStore);
            if (trust.isEmpty()) {
                throw new SignatureProblem("the trust store " + trustStore + " is empty (no certificate in a *.pem,"
                        + " *.crt or *.cer file); export the signer's certificate there with keytool -exportcert"
                        + " -rfc");
            }
            SignedJar.verify(file, trust);
        } catch (SignatureProblem e) {
            throw new KernelException(Errno.EPERM, jar.toAbsolutePath().normalize() + ": refused: module signatures are enforced ("
                    + KernelLimits.MODULE_SIG_ENFORCE + "=1) and " + e.getMessage(), e);
        } catch (IOException e) {
            throw new KernelException(Errno.ENOEXEC, jar.toAbsolutePath().normalize() + ": not a dlkm module: cannot"
                    + " read it as a jar: "
                    + e.getMessage(), e);
        }
    }
}
