// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LocalhostCertificateTest {

    @Test
    void namesEveryLoopbackNameAndIsOnlyForTlsServers() throws Exception {
        X509Certificate certificate =
                LocalhostCertificate.create(Duration.ofDays(30)).certificate();

        Set<String> names = certificate.getSubjectAlternativeNames().stream()
                .map(name -> name.get(0) + ":" + name.get(1))
                .collect(Collectors.toSet());
        assertEquals(Set.of("2:localhost", "7:127.0.0.1", "7:0:0:0:0:0:0:0:1"), names);
        assertEquals(-1, certificate.getBasicConstraints(), "not a CA");
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), certificate.getExtendedKeyUsage(), "serverAuth only");
        assertTrue(certificate.getKeyUsage()[0], "digitalSignature");
        assertTrue(certificate.getCriticalExtensionOIDs().containsAll(Set.of("2.5.29.19", "2.5.29.15")));
        assertEquals("SHA256withECDSA", certificate.getSigAlgName());
        assertEquals(
                "CN=localhost, O=release-channels serve",
                certificate
                        .getSubjectX500Principal()
                        .getName(javax.security.auth.x500.X500Principal.RFC2253)
                        .replace(",", ", "));
        certificate.verify(certificate.getPublicKey());

        Instant now = Instant.now();
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        assertTrue(notBefore.isBefore(now.minus(Duration.ofMinutes(50))), "valid from an hour ago: " + notBefore);
        assertTrue(
                notAfter.isAfter(now.plus(Duration.ofDays(29))) && notAfter.isBefore(now.plus(Duration.ofDays(31))),
                "valid for 30 days: " + notAfter);
    }

    @Test
    void everyCertificateHasItsOwnKey() {
        assertTrue(!LocalhostCertificate.create(Duration.ofDays(1))
                .certificate()
                .getPublicKey()
                .equals(LocalhostCertificate.create(Duration.ofDays(1))
                        .certificate()
                        .getPublicKey()));
    }
}
