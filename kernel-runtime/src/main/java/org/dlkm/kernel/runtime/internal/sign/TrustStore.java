package org.dlkm.kernel.runtime.internal.sign;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The home's trust store of module signatures, {@code etc/keys}: the X.509 certificates an administrator put there,
 * each file ({@code *.pem}, {@code *.crt} or {@code *.cer}) in PEM (what {@code keytool -exportcert -rfc} writes, one
 * certificate or several) or DER. Other files are not read. A missing directory is an empty trust store.
 *
 * <p>Read afresh for every check, so that a certificate copied in or removed counts at once, without a reboot.
 * Immutable once read; safe to share between threads.
 */
final class TrustStore {
    private final Path directory;
    private final List<X509Certificate> certificates;

    private TrustStore(Path directory, List<X509Certificate> certificates) {
        this.directory = directory;
        this.certificates = List.copyOf(certificates);
    }

    /**
     * @param directory the trust store directory
     * @return its certificates
     * @throws SignatureProblem naming a certificate file that cannot be read, or holds no certificate
     */
    static TrustStore read(Path directory) throws SignatureProblem {
        List<X509Certificate> certificates = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return new TrustStore(directory, certificates);
        }
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new SignatureProblem("the JVM reads no X.509 certificates: " + e.getMessage(), e);
        }
        for (Path file : certificateFiles(directory)) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                Collection<? extends Certificate> read = factory.generateCertificates(in);
                if (read.isEmpty()) {
                    throw new CertificateException("it holds no certificate");
                }
                for (Certificate c : read) {
                    certificates.add((X509Certificate) c);
                }
            } catch (IOException | CertificateException | ClassCastException e) {
                throw new SignatureProblem("the trust store's file " + file + " cannot be read as X.509 certificates"
                        + " (PEM or DER): " + e.getMessage() + "; replace it with keytool -exportcert -rfc's output,"
                        + " or remove it", e);
            }
        }
        return new TrustStore(directory, certificates);
    }

    private static List<Path> certificateFiles(Path directory) throws SignatureProblem {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path p : entries) {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer")) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new SignatureProblem("the trust store " + directory + " cannot be read: " + e, e);
        }
        files.sort(null);
        return files;
    }

    Path directory() {
        return directory;
    }

    boolean isEmpty() {
        return certificates.isEmpty();
    }

    /** @return whether the certificate is one of the trust store's (the same encoding) */
    boolean contains(X509Certificate certificate) {
        return certificates.contains(certificate);
    }
}
