// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.serve;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A fresh self-signed certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, made by the running JDK's
 * own {@code keytool} so the plugin needs no certificate library. keytool writes the new key to a PKCS#12 file in a
 * private temporary directory, under a random one-time password passed through its environment (never its command
 * line); the file is read back and deleted at once, so the key then lives only in memory for as long as the server
 * runs. Only the certificate is written for clients to trust.
 */
public final class LocalhostCertificate {

    private static final String ALIAS = "localhost";
    private static final String PASSWORD_VARIABLE = "RELEASE_CHANNELS_SERVE_STOREPASS";
    private static final Duration KEYTOOL_TIMEOUT = Duration.ofMinutes(1);

    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    private LocalhostCertificate(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    /** Creates a P-256 key and a certificate valid from an hour ago for {@code validity}, in whole days, at least one. */
    public static LocalhostCertificate create(Duration validity) {
        long days = Math.max(1, (validity.toHours() + 23) / 24);
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        char[] password = HexFormat.of().formatHex(random).toCharArray();
        Path directory = null;
        try {
            directory = privateTemporaryDirectory();
            Path store = directory.resolve("localhost.p12");
            runKeytool(store, password, days, directory);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, password);
            }
            PrivateKey key = (PrivateKey) keys.getKey(ALIAS, password);
            X509Certificate certificate = (X509Certificate) keys.getCertificate(ALIAS);
            return new LocalhostCertificate(key, certificate);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(
                    "cannot create the localhost certificate with keytool: " + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '0');
            deleteQuietly(directory);
        }
    }

    private static void runKeytool(Path store, char[] password, long days, Path directory) throws IOException {
        Path keytool = keytool();
        List<String> command = List.of(
                keytool.toString(),
                "-genkeypair",
                "-noprompt",
                "-alias",
                ALIAS,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-sigalg",
                "SHA256withECDSA",
                "-dname",
                "CN=localhost, O=release-channels serve",
                "-startdate",
                "-1H",
                "-validity",
                Long.toString(days),
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1,ip:::1",
                "-ext",
                "BC:critical=ca:false",
                "-ext",
                "KU:critical=digitalSignature",
                "-ext",
                "EKU=serverAuth",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass:env",
                PASSWORD_VARIABLE);
        Path output = directory.resolve("keytool.log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put(PASSWORD_VARIABLE, new String(password));
        Process process = builder.start();
        process.getOutputStream().close();
        try {
            if (!process.waitFor(KEYTOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(keytool + " did not finish within " + KEYTOOL_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + keytool + " ran", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(keytool + " exited with " + process.exitValue() + ": "
                    + Files.readString(output, StandardCharsets.UTF_8).strip());
        }
    }

    /** The keytool of the JDK this runs on, which knows every option above (JDK 17 and later). */
    private static Path keytool() throws IOException {
        boolean windows =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", windows ? "keytool.exe" : "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IOException("the Java runtime that runs Maven has no " + keytool + "; run Maven with a JDK");
        }
        return keytool;
    }

    /** Readable by this user only where the file system has POSIX permissions (elsewhere, the user's own temp). */
    private static Path privateTemporaryDirectory() throws IOException {
        try {
            return Files.createTempDirectory(
                    "release-channels-serve-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempDirectory("release-channels-serve-");
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            directory.toFile().deleteOnExit();
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate in PEM, as {@code curl --cacert} and trust stores read it. */
    public String pem() {
        try {
            return pem(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the certificate", e);
        }
    }

    static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    /** Writes {@link #pem()} to {@code file}, replacing it as a whole. */
    public void writePem(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, pem(), StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** A server-side TLS context that presents this certificate. */
    public SSLContext serverContext() {
        try {
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(ALIAS, privateKey, password, new X509Certificate[] {certificate});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the Java runtime cannot set up a TLS server: " + e.getMessage(), e);
        }
    }
}
