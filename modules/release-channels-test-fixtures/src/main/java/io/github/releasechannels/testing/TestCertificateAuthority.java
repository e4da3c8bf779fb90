// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private CA for tests: a root certificate and a server certificate for {@code localhost} and {@code 127.0.0.1}
 * signed by it, like a company CA in front of an internal version server.
 */
public final class TestCertificateAuthority {

    private final X509Certificate root;
    private final KeyPair serverKey;
    private final X509Certificate server;

    private TestCertificateAuthority(X509Certificate root, KeyPair serverKey, X509Certificate server) {
        this.root = root;
        this.serverKey = serverKey;
        this.server = server;
    }

    public static TestCertificateAuthority create() throws Exception {
        KeyPair rootKey = newKey();
        X500Name rootName = new X500Name("CN=release-channels test root CA");
        X509v3CertificateBuilder rootBuilder = builder(rootName, rootName, rootKey);
        rootBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        rootBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate root = sign(rootBuilder, rootKey);

        KeyPair serverKey = newKey();
        X509v3CertificateBuilder serverBuilder = builder(new X500Name("CN=localhost"), rootName, serverKey);
        serverBuilder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")
        }));
        serverBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        X509Certificate server = sign(serverBuilder, rootKey);
        return new TestCertificateAuthority(root, serverKey, server);
    }

    private static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name subject, X500Name issuer, KeyPair key) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(
                issuer,
                new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))),
                subject,
                key.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKey) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }

    /** Writes the root certificate as PEM, what a user passes as {@code trustedCertificates}. */
    public Path writeRootPem(Path file) throws IOException, GeneralSecurityException {
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(root.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        return Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    /** A server TLS context presenting the server certificate and the root. */
    public SSLContext serverContext() throws GeneralSecurityException, IOException {
        char[] password = new char[0];
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", serverKey.getPrivate(), password, new X509Certificate[] {server, root});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }
}
