package org.dlkm.kernel.runtime.internal.sign;

import static org.dlkm.kernel.runtime.internal.sign.SigningKeys.exportCertificate;
import static org.dlkm.kernel.runtime.internal.sign.SigningKeys.keyPair;
import static org.dlkm.kernel.runtime.internal.sign.SigningKeys.keytool;
import static org.dlkm.kernel.runtime.internal.sign.SigningKeys.sign;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier with real signed jars: keys made by {@code keytool}, jars signed by the JDK's jar signer, and the
 * changes to a signed jar a tampering would make.
 */
class ModuleSignaturesTest {
    private static final String PREFIX = ": refused: module signatures are enforced (module_sig_enforce=1) and ";

    @TempDir
    static Path keys;
    /** The trusted key (RSA), an untrusted one (EC), and a key a trusted authority issued. */
    private static Path trustedStore;
    private static Path untrustedStore;
    private static Path issuedStore;
    private static Path trustStore;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeKeys() throws Exception {
        trustedStore = keyPair(keys, "vendor", "CN=Module Vendor,O=Acme", "RSA", "-keysize", "2048");
        untrustedStore = keyPair(keys, "stranger", "CN=Stranger", "EC");
        trustStore = keys.resolve("home/etc/keys");
        exportCertificate(trustedStore, "vendor", trustStore.resolve("vendor.pem"));

        Path ca = keyPair(keys, "ca", "CN=Module Authority", "EC", "-ext", "bc:c");
        issuedStore = keyPair(keys, "issued", "CN=Driver Team", "EC");
        Path request = keys.resolve("issued.csr");
        Path reply = keys.resolve("issued.cer");
        keytool("-certreq", "-keystore", issuedStore.toString(), "-storepass", SigningKeys.PASSWORD, "-alias",
                "issued", "-file", request.toString());
        keytool("-gencert", "-rfc", "-keystore", ca.toString(), "-storepass", SigningKeys.PASSWORD, "-alias", "ca",
                "-infile", request.toString(), "-outfile", reply.toString());
        Path caPem = exportCertificate(ca, "ca", trustStore.resolve("authority.crt"));
        keytool("-importcert", "-noprompt", "-keystore", issuedStore.toString(), "-storepass",
                SigningKeys.PASSWORD, "-alias", "ca", "-file", caPem.toString());
        keytool("-importcert", "-keystore", issuedStore.toString(), "-storepass", SigningKeys.PASSWORD, "-alias",
                "issued", "-file", reply.toString());
    }

    private static Map<String, String> moduleEntries() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("META-INF/dlkm/master", "$VERSION\n1\n$$$\n");
        entries.put("org/acme/signed/Driver.class", "not really a class, but bytes to sign");
        entries.put("org/acme/signed/", "");
        return entries;
    }

    private Path unsigned() throws Exception {
        Map<String, String> entries = moduleEntries();
        entries.remove("org/acme/signed/");
        return SigningKeys.jar(dir.resolve("unsigned.jar"), entries);
    }

    private Path signedBy(Path store, String alias) throws Exception {
        return sign(unsigned(), store, alias, dir.resolve("signed-" + alias + ".jar"));
    }

    private static ModuleSignatures enforced(Path trust) {
        return new ModuleSignatures(() -> true, trust);
    }

    private static String refusal(ModuleSignatures signatures, Path jar) {
        KernelException e = assertThrows(KernelException.class, () -> signatures.check(jar));
        assertEquals(Errno.EPERM.number(), e.number(), e.getMessage());
        assertTrue(e.getMessage().startsWith(jar.toAbsolutePath() + PREFIX), e.getMessage());
        return e.getMessage().substring((jar.toAbsolutePath() + PREFIX).length());
    }

    @Test
    void aJarSignedByATrustedKeyPasses() throws Exception {
        Path jar = signedBy(trustedStore, "vendor");
        assertTrue(SigningKeys.manifestNames(jar, "org/acme/signed/Driver.class"));
        enforced(trustStore).check(jar);
    }

    @Test
    void aJarSignedByAKeyThatATrustedAuthorityIssuedPasses() throws Exception {
        Path trustOnlyTheAuthority = Files.createDirectories(dir.resolve("keys"));
        Files.copy(trustStore.resolve("authority.crt"), trustOnlyTheAuthority.resolve("authority.crt"));
        enforced(trustOnlyTheAuthority).check(signedBy(issuedStore, "issued"));
    }

    @Test
    void anUnsignedJarIsRefusedAsNotSigned() throws Exception {
        assertEquals("the jar is not signed", refusal(enforced(trustStore), unsigned()));
    }

    @Test
    void aJarSignedByAnUntrustedKeyIsRefusedNamingTheSignerAndTheTrustStore() throws Exception {
        assertEquals("entry META-INF/dlkm/master is signed by CN=Stranger, which is not in the trust store "
                + trustStore, refusal(enforced(trustStore), signedBy(untrustedStore, "stranger")));
    }

    @Test
    void anEntryAddedAfterSigningIsRefusedAsNotSigned() throws Exception {
        Path jar = SigningKeys.rewritten(signedBy(trustedStore, "vendor"), dir.resolve("added.jar"),
                Map.of("org/acme/signed/Backdoor.class", "added after signing"));
        assertEquals("entry org/acme/signed/Backdoor.class is not signed", refusal(enforced(trustStore), jar));
    }

    @Test
    void anEntryChangedAfterSigningIsRefusedAsNotMatchingItsSignature() throws Exception {
        Path jar = SigningKeys.rewritten(signedBy(trustedStore, "vendor"), dir.resolve("tampered.jar"),
                Map.of("org/acme/signed/Driver.class", "changed after signing"));
        String why = refusal(enforced(trustStore), jar);
        assertTrue(why.startsWith("entry org/acme/signed/Driver.class does not match its signature: "), why);
    }

    @Test
    void aManifestChangedAfterSigningIsRefused() throws Exception {
        Path signed = signedBy(trustedStore, "vendor");
        String manifest;
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(signed.toFile(), false)) {
            manifest = new String(j.getInputStream(j.getEntry("META-INF/MANIFEST.MF")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        Path jar = SigningKeys.rewritten(signed, dir.resolve("manifest.jar"), Map.of("META-INF/MANIFEST.MF",
                manifest.replace("org.acme.signed", "org.acme.other")));
        String why = refusal(enforced(trustStore), jar);
        assertTrue(why.startsWith("its signature does not verify: "), why);
    }

    @Test
    void anEmptyOrMissingTrustStoreRefusesEveryJarSayingItIsEmpty() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("README"), "not a certificate file, so not read");
        Path jar = signedBy(trustedStore, "vendor");
        for (Path store : new Path[] {empty, dir.resolve("missing")}) {
            assertEquals("the trust store " + store + " is empty (no certificate in a *.pem, *.crt or *.cer file);"
                    + " export the signer's certificate there with keytool -exportcert -rfc",
                    refusal(enforced(store), jar));
        }
    }

    @Test
    void aCertificateFileThatDoesNotReadIsNamed() throws Exception {
        Path store = Files.createDirectories(dir.resolve("broken"));
        Files.copy(trustStore.resolve("vendor.pem"), store.resolve("vendor.pem"));
        Files.writeString(store.resolve("typo.cer"), "-----BEGIN CERTIFICATE-----\nnot base64\n");
        String why = refusal(enforced(store), signedBy(trustedStore, "vendor"));
        assertTrue(why.startsWith("the trust store's file " + store.resolve("typo.cer")
                + " cannot be read as X.509 certificates (PEM or DER): "), why);
    }

    @Test
    void whatIsRegisteredIsThePrivateCopyThatWasCheckedWhateverHappensToTheJarAfterwards() throws Exception {
        Path jar = signedBy(trustedStore, "vendor");
        byte[] signed = Files.readAllBytes(jar);
        Path scratch = dir.resolve("scratch");
        Path copy;
        try (ModuleSignatures.Checked checked = enforced(trustStore).checked(jar, scratch)) {
            copy = checked.file();
            assertTrue(copy.getFileName().toString().startsWith(".signed-vendor.jar."), copy.toString());
            Files.copy(unsigned(), jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // swapped after the check
            assertArrayEquals(signed, Files.readAllBytes(copy));
        }
        assertFalse(Files.exists(copy), "the copy goes when it is closed");

        assertEquals("the jar is not signed", assertThrows(KernelException.class,
                () -> enforced(trustStore).checked(jar, scratch)).getMessage().substring((jar + PREFIX).length()));
        try (var left = Files.list(scratch)) {
            assertEquals(0, left.count(), "a refused jar leaves no copy");
        }
        try (ModuleSignatures.Checked notEnforced = ModuleSignatures.NOT_ENFORCED.checked(jar, scratch)) {
            assertEquals(jar, notEnforced.file());
        }
    }

    @Test
    void nothingIsCheckedWhileSignaturesAreNotEnforced() throws Exception {
        new ModuleSignatures(() -> false, dir.resolve("missing")).check(unsigned());
        ModuleSignatures.NOT_ENFORCED.check(dir.resolve("no-such.jar"));
    }

    @Test
    void aMissingFileOrAFileThatIsNoJarIsNamedWithItsOwnErrno() throws Exception {
        ModuleSignatures signatures = enforced(trustStore);
        KernelException missing = assertThrows(KernelException.class,
                () -> signatures.check(dir.resolve("no-such.jar")));
        assertEquals(Errno.ENOENT.number(), missing.number());
        assertEquals(dir.resolve("no-such.jar") + ": no such module binary", missing.getMessage());
        Path junk = Files.writeString(dir.resolve("junk.jar"), "not a zip");
        KernelException notAJar = assertThrows(KernelException.class, () -> signatures.check(junk));
        assertEquals(Errno.ENOEXEC.number(), notAJar.number());
        assertTrue(notAJar.getMessage().startsWith(junk + ": not a dlkm module: cannot read it as a jar: "),
                notAJar.getMessage());
    }

    @Test
    void theSignaturesOwnFilesAreTheOnlyOnesNeedingNoSignature() {
        for (String name : new String[] {"META-INF/VENDOR.SF", "META-INF/vendor.rsa", "META-INF/A.DSA",
                "META-INF/A.EC", "META-INF/SIG-X"}) {
            assertTrue(SignedJar.isSignatureFile(name), name);
        }
        for (String name : new String[] {"META-INF/dlkm/A.SF", "org/A.SF", "META-INF/dlkm/master",
                "META-INF/MANIFEST.MF"}) {
            assertTrue(!SignedJar.isSignatureFile(name), name);
        }
    }
}
