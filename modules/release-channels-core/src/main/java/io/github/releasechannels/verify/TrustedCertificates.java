// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates a verify trusts: the JDK's default trust store, plus an optional PEM bundle for a private CA.
 * Certificate chains and host names are always checked; there is deliberately no way to trust everything.
 */
public final class TrustedCertificates {

    private TrustedCertificates() {}

    /**
     * @param pemBundle a file of {@code -----BEGIN CERTIFICATE-----} blocks added to the default trust, if any
     * @throws VerifySettingException when the bundle is missing or holds no certificate
     */
    public static SSLContext sslContext(Optional<Path> pemBundle) throws VerifySettingException {
        try {
            if (pemBundle.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int index = 0;
            for (X509Certificate certificate : defaultTrustManager().getAcceptedIssuers()) {
                anchors.setCertificateEntry("default-" + index++, certificate);
            }
            for (X509Certificate certificate : readPem(pemBundle.get())) {
                anchors.setCertificateEntry("trusted-" + index++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The certificates of a PEM file, in order. */
    public static List<X509Certificate> readPem(Path file) throws VerifySettingException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (NoSuchFileException e) {
            throw new VerifySettingException("releaseChannels.trustedCertificates '" + file + "' does not exist; "
                    + "point it at the PEM file of your CA (e.g. ca.pem)");
        } catch (IOException | CertificateException e) {
            throw new VerifySettingException(
                    "releaseChannels.trustedCertificates '" + file + "' cannot be read as "
                            + "PEM certificates (" + e.getMessage() + "); give a file of '-----BEGIN CERTIFICATE-----' "
                            + "blocks, such as your CA's ca.pem",
                    e);
        }
        List<X509Certificate> result = new ArrayList<>();
        for (Certificate certificate : certificates) {
            result.add((X509Certificate) certificate);
        }
        if (result.isEmpty()) {
            throw new VerifySettingException("releaseChannels.trustedCertificates '" + file + "' holds no "
                    + "certificate; give a file of '-----BEGIN CERTIFICATE-----' blocks, such as your CA's ca.pem");
        }
        return result;
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the Java runtime has no X.509 trust manager");
    }
}
