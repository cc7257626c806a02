package org.dlkm.kernel.runtime.internal.sign;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Verifies a jar's signature (standard jar signing, as {@code jarsigner} writes it) against a {@link TrustStore}.
 * The JDK checks the digests: every entry is read to its end through a verifying {@link JarFile}, so that an entry
 * whose content is not the one signed throws, and only then are its signers known. Then every entry but directories,
 * the manifest and the signature files themselves ({@code META-INF/*.SF}, {@code .RSA}, {@code .DSA}, {@code .EC},
 * {@code SIG-*}) must be signed, by a signer whose certificate, or a certificate of its chain that issued it, is one
 * of the trust store's. The manifest is covered through the signature files, which hold its digest.
 *
 * <p>A chain is the signer's to write: a certificate of it counts as an issuer only if each certificate below it names
 * it as issuer and verifies with its key, and it is a certificate authority (basic constraints). Validity dates are
 * not checked, as Linux does not check them for module signatures: a module signed once stays signed.
 *
 * <p>Stateless; safe from any thread.
 */
final class SignedJar {
    private SignedJar() {
    }

    /**
     * @param jar the jar
     * @param trust the certificates that may sign it
     * @throws SignatureProblem naming the entry and the reason when the jar is not signed as it must be
     * @throws IOException if the jar cannot be read as one
     */
    static void verify(Path jar, TrustStore trust) throws SignatureProblem, IOException {
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            List<JarEntry> entries = Collections.list(file.entries());
            readToTheEnd(file, entries);
            boolean signed = false;
            for (JarEntry e : entries) {
                signed |= e.getCodeSigners() != null;
            }
            if (!signed) {
                throw new SignatureProblem("the jar is not signed");
            }
            for (JarEntry e : entries) {
                if (e.isDirectory() || isSignatureFile(e.getName()) || e.getName().equals(JarFile.MANIFEST_NAME)) {
                    continue;
                }
                CodeSigner[] signers = e.getCodeSigners();
                if (signers == null) {
                    throw new SignatureProblem("entry " + e.getName() + " is not signed");
                }
                if (!trusted(signers, trust)) {
                    throw new SignatureProblem("entry " + e.getName() + " is signed by " + names(signers)
                            + ", which is not in the trust store " + trust.directory());
                }
            }
        }
    }

    /** Reads every entry, the manifest first: the JDK checks each digest as the entry's end is read. */
    private static void readToTheEnd(JarFile file, List<JarEntry> entries) throws SignatureProblem, IOException {
        JarEntry manifest = file.getJarEntry(JarFile.MANIFEST_NAME);
        if (manifest != null) {
            try {
                drain(file, manifest);
            } catch (SecurityException e) {
                throw new SignatureProblem("its signature does not verify: " + e.getMessage(), e);
            }
        }
        for (JarEntry e : entries) {
            if (e.isDirectory()) {
                continue;
            }
            try {
                drain(file, e);
            } catch (SecurityException x) {
                throw new SignatureProblem("entry " + e.getName() + " does not match its signature: " + x.getMessage(),
                        x);
            }
        }
    }

    private static void drain(JarFile file, JarEntry entry) throws IOException {
        byte[] buffer = new byte[8192];
        try (InputStream in = file.getInputStream(entry)) {
            while (in.read(buffer) != -1) {
                // the verifying stream checks the digest at the end
            }
        }
    }

    /** @return whether the name is one of the signature's own files, directly in {@code META-INF/} */
    static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/")) {
            return false;
        }
        String file = upper.substring("META-INF/".length());
        return !file.contains("/") && (file.endsWith(".SF") || file.endsWith(".RSA") || file.endsWith(".DSA")
                || file.endsWith(".EC") || file.startsWith("SIG-"));
    }

    private static boolean trusted(CodeSigner[] signers, TrustStore trust) {
        for (CodeSigner s : signers) {
            if (trusted(s.getSignerCertPath().getCertificates(), trust)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the signer's certificate, or a certificate authority that verifiably issued it, is trusted */
    private static boolean trusted(List<? extends Certificate> chain, TrustStore trust) {
        for (int i = 0; i < chain.size(); i++) {
            if (!(chain.get(i) instanceof X509Certificate certificate)) {
                return false;
            }
            if (trust.contains(certificate)) {
                return issuedInOrder(chain, i);
            }
        }
        return false;
    }

    /** @return whether each certificate below {@code top} in the chain was issued by the one above it, a CA */
    private static boolean issuedInOrder(List<? extends Certificate> chain, int top) {
        for (int i = 0; i < top; i++) {
            if (!(chain.get(i) instanceof X509Certificate child)
                    || !(chain.get(i + 1) instanceof X509Certificate issuer)) {
                return false;
            }
            if (issuer.getBasicConstraints() < 0
                    || !child.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                return false;
            }
            try {
                child.verify(issuer.getPublicKey());
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
        return true;
    }

    /** @return the signers' names, as their certificates give them */
    private static String names(CodeSigner[] signers) {
        StringBuilder sb = new StringBuilder();
        for (CodeSigner s : signers) {
            List<? extends Certificate> chain = s.getSignerCertPath().getCertificates();
            String name = !chain.isEmpty() && chain.get(0) instanceof X509Certificate c
                    ? c.getSubjectX500Principal().getName() : "an unnamed signer";
            sb.append(sb.length() == 0 ? "" : " and ").append(name);
        }
        return sb.toString();
    }
}
