// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one host key rule of SFTP and git+ssh, on a known_hosts file written here. */
class HostKeyCheckTest {

    @TempDir
    Path dir;

    private Path knownHosts;
    private PublicKey listed;
    private PublicKey other;

    @BeforeEach
    void keys() throws Exception {
        knownHosts = dir.resolve("known_hosts");
        listed = ecKey();
        other = ecKey();
    }

    @Test
    void aListedKeyIsAcceptedUnderItsHostAndPortOrAnAlias() throws Exception {
        write("[git.example.com]:2222 " + PublicKeyEntry.toString(listed));
        HostKeyCheck check = new HostKeyCheck(knownHosts);

        assertTrue(check.accept("git.example.com", List.of(), 2222, listed));
        assertTrue(check.accept("10.1.2.3", List.of("git.example.com"), 2222, listed));
        assertEquals(List.of(listed), check.listedKeys("git.example.com", List.of(), 2222));
        assertEquals(Set.of(KeyUtils.getKeyType(listed)), check.knownKeyTypes("git.example.com", 2222));
        assertFalse(check.accept("git.example.com", List.of(), 22, listed), "another port is another host");
    }

    @Test
    void aRevokedKeyIsRefusedEvenWhenAlsoListedPlainly() throws Exception {
        write("@revoked www.example.com " + PublicKeyEntry.toString(listed) + "\nwww.example.com "
                + PublicKeyEntry.toString(listed));
        HostKeyCheck check = new HostKeyCheck(knownHosts);

        assertFalse(check.accept("www.example.com", List.of(), 22, listed));
        assertTrue(
                check.rejection().orElseThrow().contains("is marked @revoked in " + knownHosts),
                check.rejection().orElseThrow());
        assertEquals(List.of(listed), check.listedKeys("www.example.com", List.of(), 22));
    }

    @Test
    void anotherKeyThanTheListedOneIsAChangeNamingBoth() throws Exception {
        write("www.example.com " + PublicKeyEntry.toString(listed));
        HostKeyCheck check = new HostKeyCheck(knownHosts);

        assertFalse(check.accept("www.example.com", List.of(), 22, other));
        String message = check.rejection().orElseThrow();
        assertTrue(message.startsWith("The SSH host key of www.example.com does NOT match " + knownHosts), message);
        assertTrue(message.contains(KeyUtils.getFingerPrint(listed)), message);
        assertTrue(message.contains(KeyUtils.getFingerPrint(other)), message);
        check.reset();
        assertTrue(check.rejection().isEmpty());
    }

    @Test
    void anUnlistedHostOrAMissingFileIsUnknownWithTheFingerprintAndHowToAddIt() throws Exception {
        HostKeyCheck missing = new HostKeyCheck(dir.resolve("absent"));

        assertFalse(missing.accept("www.example.com", List.of(), 2200, other));
        String message = missing.rejection().orElseThrow();
        assertTrue(message.startsWith("The SSH host key of [www.example.com]:2200 is not in "), message);
        assertTrue(message.contains(KeyUtils.getFingerPrint(other)), message);
        assertTrue(message.contains("ssh-keyscan -p 2200 www.example.com >> " + dir.resolve("absent")), message);
    }

    @Test
    void theDefaultKnownHostsIsOpenSshsOwn() {
        assertEquals(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"), SshOptions.defaultKnownHosts());
    }

    private void write(String lines) throws Exception {
        Files.writeString(knownHosts, lines + "\n", StandardCharsets.US_ASCII);
    }

    private static PublicKey ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair().getPublic();
    }
}
