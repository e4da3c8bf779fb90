// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.ssh;

import io.github.releasechannels.publish.OptionReader;
import io.github.releasechannels.publish.OptionsKind;
import io.github.releasechannels.workflow.Options;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The SSH options, shared by {@code sftp} and {@code git+ssh}.
 *
 * @param knownHosts the known_hosts file host keys are checked against ({@link Options#KNOWN_HOSTS}), absolute
 */
public record SshOptions(Path knownHosts) {

    public static final String KNOWN_HOSTS = Options.key(Options.KNOWN_HOSTS);

    /** How the {@code sftp} and {@code git+ssh} publishers have these options read (once for both). */
    public static final OptionsKind<SshOptions> KIND = new OptionsKind<>(SshOptions.class, SshOptions::parse);

    public SshOptions {
        knownHosts = knownHosts.toAbsolutePath();
    }

    /** OpenSSH's own file, {@code ~/.ssh/known_hosts}: the default of {@link Options#KNOWN_HOSTS}. */
    public static Path defaultKnownHosts() {
        return userSshDirectory().resolve("known_hosts");
    }

    /** {@code ~/.ssh}. */
    public static Path userSshDirectory() {
        return Path.of(System.getProperty("user.home"), ".ssh");
    }

    public static SshOptions defaults() {
        return new SshOptions(defaultKnownHosts());
    }

    public static SshOptions parse(OptionReader options) {
        String value = options.value(KNOWN_HOSTS).orElse(null);
        if (value == null) {
            return defaults();
        }
        try {
            return new SshOptions(Path.of(value));
        } catch (InvalidPathException e) {
            options.problem(
                    value,
                    OptionReader.PREFIX + KNOWN_HOSTS + " '" + value + "' is not a valid path; give "
                            + "the known_hosts file, e.g. ~/.ssh/known_hosts written out in full");
            return defaults();
        }
    }
}
