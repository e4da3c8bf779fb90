// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.git;

import io.github.releasechannels.gitauth.GitHttpsToken;
import io.github.releasechannels.proxy.ProxySettings;
import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.TargetException;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.publish.ssh.HostKeyCheck;
import io.github.releasechannels.publish.ssh.PrivateKeys;
import io.github.releasechannels.publish.ssh.SshOptions;
import io.github.releasechannels.url.UrlParts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.KeyPasswordProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * How the publisher authenticates: an HTTPS token, an SSH key checked against a known_hosts file, or nothing for a
 * local repository. Knows its secrets so that every message leaving the publisher can be {@linkplain #redact
 * redacted}.
 */
final class GitAuth implements AutoCloseable {

    private final String source;
    private final CredentialsProvider credentials;
    private final SshdSessionFactory ssh;
    private final List<String> secrets;
    private final ProxySettings proxies;
    /** The host key check of an SSH remote; null for the other transports. */
    private final HostKeyCheck hostKeys;

    private GitAuth(String source, CredentialsProvider credentials, SshdSessionFactory ssh, List<String> secrets) {
        this(source, credentials, ssh, secrets, ProxySettings.NONE, null);
    }

    private GitAuth(
            String source,
            CredentialsProvider credentials,
            SshdSessionFactory ssh,
            List<String> secrets,
            ProxySettings proxies,
            HostKeyCheck hostKeys) {
        this.source = source;
        this.credentials = credentials;
        this.ssh = ssh;
        this.secrets = List.copyOf(secrets);
        this.proxies = proxies;
        this.hostKeys = hostKeys;
    }

    static GitAuth forTarget(GitTarget target, TargetSettings settings) throws InvalidTargetException, TargetException {
        GitAuth auth = switch (target.transport()) {
            case FILE -> new GitAuth("no credentials (local repository)", null, null, List.of());
            case HTTPS, HTTP_LOOPBACK -> token(settings);
            case SSH -> sshKey(settings);
        };
        if (target.transport() == GitTarget.Transport.SSH || target.transport() == GitTarget.Transport.FILE) {
            return auth;
        }
        // A proxy for the remote is named where the credentials are, so "Publishing to ..." says how it goes.
        String via = settings.proxies()
                .forTarget(URI.create(target.remote().toString()))
                .map(proxy -> ", via " + proxy.describe())
                .orElse("");
        return new GitAuth(auth.source + via, auth.credentials, auth.ssh, auth.secrets, settings.proxies(), null);
    }

    /** The HTTPS token by the rule promote's push uses too ({@link GitHttpsToken}). */
    private static GitAuth token(TargetSettings settings) {
        GitHttpsToken token = GitHttpsToken.resolve(
                settings.credentials(),
                settings.environment(),
                settings.options().of(GitOptions.class).tokenVariable());
        return new GitAuth(token.describe(), token.credentialsProvider().orElse(null), null, token.secrets());
    }

    /**
     * The settings.xml server's private key, loaded as SFTP loads it ({@link PrivateKeys}); without one, the default
     * keys in ~/.ssh, as the git command would use. The server's host key must be in the known_hosts file, checked
     * by the rule SFTP uses ({@link HostKeyCheck}); unknown or changed keys are refused. The user's ~/.ssh/config is
     * not read, so nothing there can relax host key checking.
     */
    private static GitAuth sshKey(TargetSettings settings) throws InvalidTargetException, TargetException {
        Path home = Path.of(System.getProperty("user.home"));
        Path sshDirectory = SshOptions.userSshDirectory();
        Path knownHosts = settings.options().of(SshOptions.class).knownHosts();
        if (!Files.isRegularFile(knownHosts)) {
            throw new InvalidTargetException(
                    knownHosts.toString(),
                    "releaseChannels.knownHosts file " + knownHosts
                            + " does not exist; add the server's host key to it (for GitHub, the keys published in its "
                            + "documentation) or point releaseChannels.knownHosts at a file that has it");
        }
        Optional<Credentials> server =
                settings.credentials().filter(c -> c.privateKey().isPresent());
        List<KeyPair> keys = server.isPresent() ? PrivateKeys.load(server.get()) : List.of();
        Optional<String> passphrase = server.flatMap(Credentials::passphrase);
        HostKeyCheck hostKeys = new HostKeyCheck(knownHosts);
        SshdSessionFactoryBuilder builder = new SshdSessionFactoryBuilder()
                .setHomeDirectory(home.toFile())
                .setSshDirectory(sshDirectory.toFile())
                .setConfigStoreFactory((homeDir, configFile, user) -> null)
                .setDefaultKnownHostsFiles(sshDir -> List.of(knownHosts))
                .setServerKeyDatabase((homeDir, sshDir) -> new KnownHostsOnly(hostKeys))
                // Only the default keys of ~/.ssh are loaded by JGit; none has a passphrase to give, so none prompts.
                .setKeyPasswordProvider(provider -> new NoPrompt());
        if (!keys.isEmpty()) {
            builder.setDefaultKeysProvider(sshDir -> keys);
        }
        List<String> secrets = new ArrayList<>();
        passphrase.ifPresent(secrets::add);
        String keySource = server.map(c -> "SSH key " + c.privateKey().get() + " from " + c.source())
                .orElse("default SSH keys in ~/.ssh");
        return new GitAuth(
                keySource + ", host keys from " + knownHosts,
                null,
                builder.build(null),
                secrets,
                ProxySettings.NONE,
                hostKeys);
    }

    /** Which credential source is used; never the secret. */
    String describe() {
        return source;
    }

    void configure(Transport transport) {
        if (hostKeys != null) {
            hostKeys.reset();
        }
        if (credentials != null) {
            transport.setCredentialsProvider(credentials);
        }
        if (ssh != null && transport instanceof SshTransport sshTransport) {
            sshTransport.setSshSessionFactory(ssh);
        }
        if (!proxies.isEmpty() && transport instanceof TransportHttp http) {
            http.setHttpConnectionFactory(new ProxiedHttpConnections(http.getHttpConnectionFactory(), proxies));
        }
    }

    /** Why the SSH server's host key was refused on the last connection, in the words SFTP uses too. */
    Optional<String> hostKeyRejection() {
        return hostKeys == null ? Optional.empty() : hostKeys.rejection();
    }

    /** {@code message} with every secret of this target and the credentials and query of any URL masked. */
    String redact(String message) {
        return UrlParts.redact(message, secrets);
    }

    /** Whether {@code error} or one of its causes carries a secret in its message. */
    boolean leaks(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (!redact(message).equals(message)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
        }
    }

    /** Never asks for a passphrase: a build has no one to answer. */
    private static final class NoPrompt implements KeyPasswordProvider {

        @Override
        public char[] getPassphrase(URIish uri, int attempt) {
            return null;
        }

        @Override
        public void setAttempts(int maxNumberOfAttempts) {}

        @Override
        public boolean keyLoaded(URIish uri, int attempt, Exception error) {
            return false;
        }
    }
}
